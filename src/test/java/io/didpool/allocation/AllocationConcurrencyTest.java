package io.didpool.allocation;

import static io.didpool.allocation.AllocationTestSupport.assertExactPerDid;
import static io.didpool.allocation.AllocationTestSupport.concurrently;
import static io.didpool.allocation.AllocationTestSupport.counts;
import static io.didpool.allocation.AllocationTestSupport.perThread;
import static io.didpool.allocation.AllocationTestSupport.spread;
import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.DidpoolApplication;
import io.didpool.did.Did;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rotation under contention, on the real database: exact counts, spread of at most one, nothing refused. */
class AllocationConcurrencyTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;

    @Autowired
    JdbcClient jdbc;

    @Test
    void countsExactlyAndStaysFairWith64ConcurrentAllocators() throws Exception {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "twilio-main", 37, "+1415550");

        List<Did> handedOut = concurrently(64, 100,
                () -> allocations.allocate(tenant, AllocationRequest.rotation("twilio-main", null)));

        List<Long> counts = counts(jdbc, tenant, "twilio-main");
        assertThat(handedOut).hasSize(6400).allMatch(d -> "twilio-main".equals(d.segment()));
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).as("no use lost or doubled").isEqualTo(6400);
        assertThat(spread(counts)).as("spread of " + counts).isLessThanOrEqualTo(1);
        // what each caller was told matches what was counted
        Map<UUID, Long> told = handedOut.stream().collect(Collectors.groupingBy(Did::id, Collectors.counting()));
        assertThat(told.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6400);
        assertThat(told.values()).allMatch(n -> n == 172 || n == 173);
        assertExactPerDid(jdbc, tenant, handedOut);
    }

    @Test
    void servesEveryAllocatorOfASegmentOfOneDid() throws Exception {
        TenantId tenant = tenant(jdbc);
        UUID only = dids(jdbc, tenant, "single", 1, "+1415551").get(0);

        List<Did> handedOut = concurrently(64, 1,
                () -> allocations.allocate(tenant, AllocationRequest.rotation("single", null)));

        assertThat(handedOut).hasSize(64).allMatch(d -> d.id().equals(only));
        assertThat(handedOut.stream().map(Did::usageCount).distinct().count())
                .as("each caller saw its own count").isEqualTo(64);
        assertThat(counts(jdbc, tenant, "single")).containsExactly(64L);
    }

    @Test
    void rotatesTheTenantWideAndSegmentPoolsTogetherExactly() throws Exception {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "a", 10, "+1415552");
        dids(jdbc, tenant, "b", 10, "+1415553");

        List<Did> handedOut = perThread(48, 50, thread -> allocations.allocate(tenant, AllocationRequest.rotation(
                thread % 3 == 0 ? null : thread % 3 == 1 ? "a" : "b", null))).stream().flatMap(List::stream).toList();

        long total = jdbc.sql("SELECT sum(usage_count) FROM asterisk_dids WHERE tenant_id = :t")
                .param("t", tenant.value()).query(Long.class).single();
        assertThat(total).isEqualTo(handedOut.size()).isEqualTo(2400);
        assertThat(spread(counts(jdbc, tenant, "a"))).isLessThanOrEqualTo(1);
        assertThat(spread(counts(jdbc, tenant, "b"))).isLessThanOrEqualTo(1);
    }

    @Test
    void twoInstancesOnOneDatabaseRotateOnePoolExactlyAndFairly() throws Exception {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "shared", 25, "+1415554");
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.db.url=" + TestDatabase.jdbcUrl(),
                        "didpool.admin-token=" + ADMIN_TOKEN, "didpool.data-dir=" + System.getProperty("java.io.tmpdir"))
                .run()) {
            AllocationService other = second.getBean(AllocationService.class);
            assertThat(other).isNotSameAs(allocations);

            // even workers on this instance, odd ones on the second, all let go at once
            List<List<Did>> byThread = perThread(64, 60,
                    thread -> (thread % 2 == 0 ? allocations : other)
                            .allocate(tenant, AllocationRequest.rotation("shared", null)));

            List<Did> handedOut = byThread.stream().flatMap(List::stream).toList();
            assertThat(handedOut).hasSize(3840);
            assertExactPerDid(jdbc, tenant, handedOut);
            assertThat(spread(counts(jdbc, tenant, "shared"))).isLessThanOrEqualTo(1);

            // The order the database counted the uses in (the time of each batch, from the rows it answered):
            // the instance that served each use switches many times, so their batches interleaved.
            List<Map.Entry<Instant, Integer>> counted = new ArrayList<>();
            for (int thread = 0; thread < byThread.size(); thread++) {
                for (Did did : byThread.get(thread)) {
                    counted.add(Map.entry(did.lastUsedAt(), thread % 2));
                }
            }
            counted.sort(Map.Entry.comparingByKey());
            int switches = 0;
            for (int i = 1; i < counted.size(); i++) {
                if (!counted.get(i).getValue().equals(counted.get(i - 1).getValue())) {
                    switches++;
                }
            }
            assertThat(switches).as("times the serving instance changed, in the database's order").isGreaterThan(5);
        }
    }

    @Test
    void neverChoosesADidAfterAnOperatorMadeItInactiveOrMovedIt() throws Exception {
        TenantId tenant = tenant(jdbc);
        List<UUID> ids = dids(jdbc, tenant, "ops", 8, "+1415555");
        UUID retired = ids.get(3);
        UUID moved = ids.get(5);
        AtomicBoolean edited = new AtomicBoolean();
        AtomicLong retiredCountAtEdit = new AtomicLong(-1);
        AtomicLong movedCountAtEdit = new AtomicLong(-1);

        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Void> operator = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(1)).until(() -> done.get() >= 1000);
            // exactly what an operator would type; once it commits, the next allocation must not see the DID
            jdbc.sql("UPDATE asterisk_dids SET status = 'inactive' WHERE id = :id").param("id", retired).update();
            jdbc.sql("UPDATE asterisk_dids SET segment = 'twilio-backup' WHERE id = :id").param("id", moved).update();
            retiredCountAtEdit.set(count(retired));
            movedCountAtEdit.set(count(moved));
            edited.set(true);
        });
        List<Did> afterEdit = new ArrayList<>();
        List<Did> handedOut = concurrently(32, 150, () -> {
            boolean wasEdited = edited.get();
            Allocation a = allocations.allocate(tenant, AllocationRequest.rotation("ops", null));
            done.incrementAndGet();
            if (wasEdited) {
                synchronized (afterEdit) {
                    afterEdit.add(a.did());
                }
            }
            return a;
        });
        operator.get();

        assertThat(afterEdit).isNotEmpty().noneMatch(d -> d.id().equals(retired) || d.id().equals(moved));
        assertThat(count(retired)).isEqualTo(retiredCountAtEdit.get());
        assertThat(count(moved)).isEqualTo(movedCountAtEdit.get());
        long total = jdbc.sql("SELECT sum(usage_count) FROM asterisk_dids WHERE tenant_id = :t")
                .param("t", tenant.value()).query(Long.class).single();
        assertThat(total).isEqualTo(handedOut.size());
        List<Long> stillSelectable = jdbc.sql("""
                        SELECT usage_count FROM asterisk_dids
                         WHERE tenant_id = :t AND segment = 'ops' AND status = 'active'""")
                .param("t", tenant.value()).query(Long.class).list();
        assertThat(spread(stillSelectable)).isLessThanOrEqualTo(1);
    }

    private long count(UUID id) {
        return jdbc.sql("SELECT usage_count FROM asterisk_dids WHERE id = :id").param("id", id)
                .query(Long.class).single();
    }
}
