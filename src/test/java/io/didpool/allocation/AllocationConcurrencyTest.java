package io.didpool.allocation;

import static io.didpool.allocation.AllocationTestSupport.concurrently;
import static io.didpool.allocation.AllocationTestSupport.counts;
import static io.didpool.allocation.AllocationTestSupport.dids;
import static io.didpool.allocation.AllocationTestSupport.spread;
import static io.didpool.allocation.AllocationTestSupport.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.DidpoolApplication;
import io.didpool.did.Did;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.TestDatabase;
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

        List<Did> handedOut = concurrently(64, 100, () ->
                allocations.allocate(tenant, AllocationRequest.rotation("twilio-main", null)));

        List<Long> counts = counts(jdbc, tenant, "twilio-main");
        assertThat(handedOut).hasSize(6400).allMatch(d -> "twilio-main".equals(d.segment()));
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).as("no use lost or doubled").isEqualTo(6400);
        assertThat(spread(counts)).as("spread of " + counts).isLessThanOrEqualTo(1);
        // what each caller was told matches what was counted
        Map<UUID, Long> told = handedOut.stream().collect(Collectors.groupingBy(Did::id, Collectors.counting()));
        assertThat(told.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6400);
        assertThat(told.values()).allMatch(n -> n == 172 || n == 173);
    }

    @Test
    void servesEveryAllocatorOfASegmentOfOneDid() throws Exception {
        TenantId tenant = tenant(jdbc);
        UUID only = dids(jdbc, tenant, "single", 1, "+1415551").get(0);

        List<Did> handedOut = concurrently(64, 1, () ->
                allocations.allocate(tenant, AllocationRequest.rotation("single", null)));

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

        List<Did> handedOut = concurrently(48, 50, () -> {
            long r = Thread.currentThread().getId() % 3;
            return allocations.allocate(tenant, AllocationRequest.rotation(r == 0 ? null : r == 1 ? "a" : "b", null));
        });

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

            CompletableFuture<List<Did>> onSecond = CompletableFuture.supplyAsync(() -> {
                try {
                    return concurrently(32, 60, () ->
                            other.allocate(tenant, AllocationRequest.rotation("shared", null)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Did> onFirst = concurrently(32, 60, () ->
                allocations.allocate(tenant, AllocationRequest.rotation("shared", null)));

            assertThat(onFirst.size() + onSecond.get().size()).isEqualTo(3840);
            List<Long> counts = counts(jdbc, tenant, "shared");
            assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(3840);
            assertThat(spread(counts)).as("spread of " + counts).isLessThanOrEqualTo(1);
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
            while (done.get() < 1000) {
                sleep(1);
            }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
