package io.didpool.allocation;

import io.didpool.did.Did;
import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Seeds tenants and DIDs straight into the database, and runs allocators on many threads. */
final class AllocationTestSupport {

    private AllocationTestSupport() {
    }

    static TenantId tenant(JdbcClient jdbc) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO tenants (id, name) VALUES (:id, 'allocation-test')").param("id", id).update();
        return new TenantId(id);
    }

    static List<UUID> dids(JdbcClient jdbc, TenantId tenant, String segment, int count, String numberPrefix) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            jdbc.sql("INSERT INTO asterisk_dids (id, tenant_id, number, segment) VALUES (:id, :t, :n, :s)")
                    .param("id", id).param("t", tenant.value())
                    .param("n", String.format("%s%04d", numberPrefix, i)).param("s", segment)
                    .update();
            ids.add(id);
        }
        return ids;
    }

    static List<Long> counts(JdbcClient jdbc, TenantId tenant, String segment) {
        return jdbc.sql("SELECT usage_count FROM asterisk_dids WHERE tenant_id = :t AND segment = :s ORDER BY number")
                .param("t", tenant.value()).param("s", segment).query(Long.class).list();
    }

    static long spread(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).max().orElse(0)
                - counts.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** Runs {@code threads} workers, each calling {@code perThread} times; returns every DID handed out. */
    static List<Did> concurrently(int threads, int perThread, Callable<Allocation> allocation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Did>>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    List<Did> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(allocation.call().did());
                    }
                    return mine;
                }));
            }
            List<Did> all = new ArrayList<>();
            for (Future<List<Did>> worker : workers) {
                all.addAll(worker.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
