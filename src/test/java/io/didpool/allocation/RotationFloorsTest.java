package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.Dids;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A busy pool's batches start their scans at the floors its previous batch found (V17). Allocations only raise usage
 * counts; anything else that puts a DID below the floors must reach the very next batches, and a DID whose rest ends
 * must come back though nothing wrote it. Each case fails if the floors are used where they no longer hold.
 */
class RotationFloorsTest extends IntegrationTest {

    private static final String SEGMENT = "floors";

    @Autowired
    AllocationService allocations;

    @Autowired
    Housekeeping housekeeping;

    @Autowired
    JdbcClient jdbc;

    @Test
    void didsPutBelowABusyPoolsFloorsOrBackFromRestAreAllocatedNext() throws Exception {
        TenantId tenant = tenant(jdbc);
        jdbc.sql("INSERT INTO segment_policies (tenant_id, segment, local_presence) VALUES (:t, :s, true)")
                .param("t", tenant.value()).param("s", SEGMENT).update();
        // all in 415 (California): calls to 415 read the pool, the area code and the region, each from its floor
        List<UUID> ids = dids(jdbc, tenant, SEGMENT, 8, "+1415555");
        UUID lowered = ids.get(0);
        UUID reactivated = ids.get(1);
        UUID rested = ids.get(2);
        jdbc.sql("UPDATE asterisk_dids SET status = 'inactive' WHERE id = :id").param("id", reactivated).update();
        jdbc.sql("UPDATE asterisk_dids SET resting_until = now() + INTERVAL '8 seconds' WHERE id = :id")
                .param("id", rested).update();

        Queue<UUID> handedOut = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            callers.execute(() -> {
                while (!stop.get()) {
                    String destination = "+1415%07d".formatted(ThreadLocalRandom.current().nextInt(10_000_000));
                    handedOut.add(allocations.allocate(tenant, AllocationRequest.rotation(SEGMENT, destination))
                            .did().id());
                }
            });
        }
        try {
            // Nothing writes a DID whose rest ends: the floors count resting DIDs, so that they stay below it while
            // the others' counts rise.
            await().atMost(Duration.ofSeconds(20)).until(() -> usageOf(ids.get(3)) >= 20);
            assertThat(usageOf(rested)).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                    "SELECT resting_until < now() FROM asterisk_dids WHERE id = :id").param("id", rested)
                    .query(Boolean.class).single());
            assertAllocatedNext(handedOut, rested);
            await().atMost(Duration.ofSeconds(20)).until(() -> usageOf(rested) >= 10);

            // Each edit puts a DID below floors that the batches before it found.
            jdbc.sql("UPDATE asterisk_dids SET usage_count = 0 WHERE id = :id").param("id", lowered).update();
            assertAllocatedNext(handedOut, lowered);

            UUID added = Dids.of(jdbc, tenant).segment(SEGMENT).insert("+14155559999");
            assertAllocatedNext(handedOut, added);

            jdbc.sql("UPDATE asterisk_dids SET status = 'active' WHERE id = :id").param("id", reactivated).update();
            assertAllocatedNext(handedOut, reactivated);
        } finally {
            stop.set(true);
            callers.shutdown();
            assertThat(callers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void pruningRemovesTheChangesThatAnEarlierSnapshotSawAndKeepsTheLaterOnes() {
        TenantId tenant = tenant(jdbc);
        String before = insertDid(tenant, "+12125550001");
        String seen = housekeeping.snapshot();
        String after = insertDid(tenant, "+12125550002");

        housekeeping.pruneChanges(seen);

        assertThat(changeOf(before)).as("a change the snapshot saw").isZero();
        assertThat(changeOf(after)).as("a change after the snapshot").isOne();
    }

    /** Inserts a DID in a transaction of its own; answers that transaction's id (which {@link Dids} does not). */
    private String insertDid(TenantId tenant, String number) {
        return jdbc.sql("INSERT INTO asterisk_dids (id, tenant_id, number, segment) VALUES (:id, :t, :n, :s)"
                        + " RETURNING CAST(pg_current_xact_id() AS text)")
                .param("id", UUID.randomUUID()).param("t", tenant.value()).param("n", number).param("s", SEGMENT)
                .query(String.class).single();
    }

    private long changeOf(String xid) {
        return jdbc.sql("SELECT count(*) FROM did_pool_changes WHERE xid = CAST(:xid AS xid8)").param("xid", xid)
                .query(Long.class).single();
    }

    /**
     * The DID, now the least used, is handed out by the first batch that starts from here: among the next three
     * batches' allocations (the first may have started before). A batch that missed it because of stale floors
     * would go on missing it until its pool's dispatcher starts afresh, which a busy pool's rarely does.
     */
    private static void assertAllocatedNext(Queue<UUID> handedOut, UUID did) {
        handedOut.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> handedOut.size() >= 18);
        assertThat(handedOut.stream().limit(18)).contains(did);
    }

    private long usageOf(UUID id) {
        return jdbc.sql("SELECT usage_count FROM asterisk_dids WHERE id = :id").param("id", id).query(Long.class)
                .single();
    }
}
