package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.did.Did;
import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads and checks the uses counted, and runs allocators on many threads (DIDs are seeded by {@code Dids}). */
final class AllocationTestSupport {

    private AllocationTestSupport() {
    }

    static List<Long> counts(JdbcClient jdbc, TenantId tenant, String segment) {
        return jdbc.sql("SELECT usage_count FROM asterisk_dids WHERE tenant_id = :t AND segment = :s ORDER BY number")
                .param("t", tenant.value()).param("s", segment).query(Long.class).list();
    }

    static long spread(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).max().orElse(0)
                - counts.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** Each DID of the tenant rose by exactly the uses handed out with it, and no two callers got it at one count. */
    static void assertExactPerDid(JdbcClient jdbc, TenantId tenant, List<Did> handedOut) {
        Map<UUID, Long> told = handedOut.stream().collect(Collectors.groupingBy(Did::id, Collectors.counting()));
        jdbc.sql("SELECT id, usage_count FROM asterisk_dids WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2))).list()
                .forEach(row -> assertThat(told.getOrDefault(row.getKey(), 0L)).as("uses of " + row.getKey())
                        .isEqualTo(row.getValue()));
        assertThat(handedOut.stream().map(d -> d.id() + "@" + d.usageCount()).distinct().count())
                .as("no two callers handed one DID at one count").isEqualTo(handedOut.size());
    }

    /** One allocating client; {@code thread} is its index among the clients started together. */
    interface Allocator {
        Allocation allocate(int thread) throws Exception;
    }

    /** Runs {@code threads} workers, each calling {@code perThread} times; returns every DID handed out. */
    static List<Did> concurrently(int threads, int perThread, Callable<Allocation> allocation) throws Exception {
        return perThread(threads, perThread, thread -> allocation.call()).stream().flatMap(List::stream).toList();
    }

    /**
     * Runs {@code threads} workers, each calling {@code perThread} times, and answers what each worker was handed,
     * by worker. The workers wait at a gate until all of them are started, so that they really run at once.
     */
    static List<List<Did>> perThread(int threads, int perThread, Allocator allocator) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Did>>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    List<Did> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(allocator.allocate(thread).did());
                    }
                    return mine;
                }));
            }
            ready.await();
            go.countDown();
            List<List<Did>> all = new ArrayList<>();
            for (Future<List<Did>> worker : workers) {
                all.add(worker.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
