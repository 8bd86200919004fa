package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.DidpoolApplication;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.TestDatabase;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Caps and sticky choices under contention, on one instance and on two (two application contexts on one database,
 * as two instances of the service): exact, whatever the interleaving.
 */
class CallerIdConcurrencyTest extends IntegrationTest {

    private static ConfigurableApplicationContext second;

    @Autowired
    AllocationService allocations;

    @Autowired
    JdbcClient jdbc;

    /** Another instance of the service on the same database, started once for the class. */
    private static synchronized AllocationService secondInstance() throws java.io.IOException {
        if (second == null) {
            second = new SpringApplicationBuilder(DidpoolApplication.class)
                    .properties("server.port=0", "didpool.db.url=" + TestDatabase.jdbcUrl(),
                            "didpool.admin-token=" + ADMIN_TOKEN,
                            "didpool.data-dir=" + java.nio.file.Files.createTempDirectory("didpool-second"))
                    .run();
        }
        return second.getBean(AllocationService.class);
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    private void policy(TenantId tenant, String segment, String columns, String values) {
        jdbc.sql("INSERT INTO segment_policies (tenant_id, segment, " + columns + ") VALUES (:t, :s, " + values + ")")
                .param("t", tenant.value()).param("s", segment).update();
    }

    /** The most calls any DID of the tenant took in a window of that length ending at one of its calls. */
    private long mostCallsInAnyWindow(TenantId tenant, String window) {
        return jdbc.sql("""
                        SELECT coalesce(max(n), 0) FROM (
                            SELECT (SELECT count(*) FROM did_calls o
                                     WHERE o.did_id = c.did_id AND o.at > c.at - CAST(:w AS interval) AND o.at <= c.at) n
                              FROM did_calls c JOIN asterisk_dids d ON d.id = c.did_id WHERE d.tenant_id = :t) w""")
                .param("w", window).param("t", tenant.value()).query(Long.class).single();
    }

    private record Attempt(Allocation allocation, RuntimeException refusal) {
    }

    /** Runs every call at once (released together) and collects each one's allocation or refusal. */
    private static List<Attempt> atOnce(List<Callable<Allocation>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Attempt>> futures = new ArrayList<>();
            for (Callable<Allocation> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return new Attempt(call.call(), null);
                    } catch (NothingSelectableException | DidNotSelectableException e) {
                        return new Attempt(null, e);
                    }
                }));
            }
            start.countDown();
            List<Attempt> attempts = new ArrayList<>();
            for (Future<Attempt> f : futures) {
                attempts.add(f.get());
            }
            return attempts;
        } finally {
            pool.shutdownNow();
        }
    }

    private void capsHoldExactly(boolean twoInstances) throws Exception {
        TenantId tenant = tenant(jdbc);
        List<UUID> ids = dids(jdbc, tenant, "capped", 4, twoInstances ? "+1415556" : "+1415557");
        policy(tenant, "capped", "max_calls_per_day", "10");
        AllocationService other = twoInstances ? secondInstance() : allocations;
        List<Callable<Allocation>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            AllocationService instance = i % 2 == 0 ? allocations : other;
            String destination = "+1212555" + (1000 + i);
            calls.add(() -> instance.allocate(tenant, AllocationRequest.rotation("capped", destination)));
        }

        List<Attempt> attempts = atOnce(calls);

        assertThat(attempts.stream().filter(a -> a.allocation() != null)).hasSize(40);
        List<Attempt> refused = attempts.stream().filter(a -> a.refusal() != null).toList();
        assertThat(refused).hasSize(24).allSatisfy(a -> {
            assertThat(a.refusal()).isInstanceOf(NothingSelectableException.class);
            assertThat(((NothingSelectableException) a.refusal()).capped()).isEqualTo(4);
            assertThat(a.refusal().getMessage()).contains("4 at their cap");
        });
        Map<UUID, Long> perDid = attempts.stream().filter(a -> a.allocation() != null)
                .collect(Collectors.groupingBy(a -> a.allocation().did().id(), Collectors.counting()));
        assertThat(perDid).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).isEqualTo(10));
        assertThat(jdbc.sql("SELECT usage_count FROM asterisk_dids WHERE tenant_id = :t").param("t", tenant.value())
                .query(Long.class).list()).containsOnly(10L);
        assertThat(mostCallsInAnyWindow(tenant, "24 hours")).isEqualTo(10);
    }

    @Test
    void capsHoldExactlyOnOneInstance() throws Exception {
        capsHoldExactly(false);
    }

    @Test
    void capsHoldExactlyOnTwoInstances() throws Exception {
        capsHoldExactly(true);
    }

    @Test
    void pinnedAndRotatedAllocationsShareTheCapsExactly() throws Exception {
        TenantId tenant = tenant(jdbc);
        List<UUID> ids = dids(jdbc, tenant, "mixed", 2, "+1415558");
        policy(tenant, "mixed", "max_calls_per_hour", "10");
        AllocationService other = secondInstance();
        List<Callable<Allocation>> calls = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            AllocationService instance = i % 2 == 0 ? allocations : other;
            calls.add(i % 3 == 0
                    ? () -> instance.allocate(tenant, AllocationRequest.pinned(ids.get(0), null))
                    : () -> instance.allocate(tenant, AllocationRequest.rotation("mixed", null)));
        }

        List<Attempt> attempts = atOnce(calls);

        assertThat(attempts.stream().filter(a -> a.allocation() != null)).hasSize(20);
        assertThat(jdbc.sql("SELECT usage_count FROM asterisk_dids WHERE tenant_id = :t").param("t", tenant.value())
                .query(Long.class).list()).containsOnly(10L);
        assertThat(mostCallsInAnyWindow(tenant, "1 hour")).isEqualTo(10);
    }

    @Test
    void aDestinationCalledFromTwoInstancesAtOnceGetsOneDid() throws Exception {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "sticky", 20, "+1415559");
        policy(tenant, "sticky", "sticky_days", "30");
        AllocationService other = secondInstance();
        List<Callable<Allocation>> calls = new ArrayList<>();
        for (int d = 0; d < 16; d++) {
            String destination = "+1312555" + (1000 + d);
            calls.add(() -> allocations.allocate(tenant, AllocationRequest.rotation("sticky", destination)));
            calls.add(() -> other.allocate(tenant, AllocationRequest.rotation("sticky", destination)));
        }

        List<Attempt> attempts = atOnce(calls);

        Map<String, List<Allocation>> byDestination = new java.util.HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            byDestination.computeIfAbsent("+1312555" + (1000 + i / 2), k -> new ArrayList<>())
                    .add(attempts.get(i).allocation());
        }
        assertThat(byDestination).hasSize(16).allSatisfy((destination, pair) -> {
            assertThat(pair).doesNotContainNull();
            assertThat(pair.get(0).did().id()).as(destination).isEqualTo(pair.get(1).did().id());
            assertThat(pair.stream().map(Allocation::match).toList()).containsExactlyInAnyOrder(Match.ANY,
                    Match.STICKY);
        });
        // 16 destinations, each on its own DID: rotation spread them, stickiness kept each on one
        assertThat(byDestination.values().stream().map(p -> p.get(0).did().id()).distinct()).hasSize(16);

        // and later, from either instance, each gets its DID again
        for (Map.Entry<String, List<Allocation>> e : byDestination.entrySet()) {
            Allocation again = other.allocate(tenant, AllocationRequest.rotation("sticky", e.getKey()));
            assertThat(again.did().id()).isEqualTo(e.getValue().get(0).did().id());
            assertThat(again.match()).isEqualTo(Match.STICKY);
        }
    }
}
