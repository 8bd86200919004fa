package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inside the caller's transaction, a request that names its DID locks that DID's row only after every pool's lock:
 * while the transaction waits for a pool's lock, whose holder may be writing any of the pool's DIDs, it must hold no
 * DID row (lock order: pool locks, then DID rows; the dialer's pace row comes before both).
 */
class InTransactionLockOrderTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPinnedDidIsNotLockedWhileThePoolsLockIsAwaited() throws Exception {
        TenantId tenant = tenant(jdbc);
        UUID pinnedDid = dids(jdbc, tenant, "pinned", 1, "+1212555").get(0);
        dids(jdbc, tenant, "busy", 2, "+1646555");
        Pool busy = new Pool(tenant, "busy");
        try (Connection holder = dataSource.getConnection()) {
            hold(holder, busy);
            CompletableFuture<List<AllocationService.Result>> claim = CompletableFuture.supplyAsync(
                    () -> transactions.execute(tx -> allocations.allocateNow(tenant, List.of(
                            new AllocationRequest(pinnedDid, null, null, null),
                            new AllocationRequest(null, "busy", null, null)))));
            await().atMost(Duration.ofSeconds(10)).until(() -> waitersFor(busy) > 0);

            assertThat(rowIsFree(pinnedDid)).as("the pinned DID's row, while the pool's lock is awaited").isTrue();

            holder.rollback();
            List<AllocationService.Result> results = claim.get(10, TimeUnit.SECONDS);
            assertThat(results).allSatisfy(r -> assertThat(r.allocation()).isNotNull());
            assertThat(results.get(0).allocation().did().id()).isEqualTo(pinnedDid);
        }
    }

    @Test
    void withFallbacksEveryPoolIsLockedInLockOrderBeforeAnyIsUsed() throws Exception {
        TenantId tenant = tenant(jdbc);
        // "b" has no usable DID, so the request goes on to its fallback "a", which comes first in the lock order
        UUID unusable = dids(jdbc, tenant, "b", 1, "+1212555").get(0);
        jdbc.sql("UPDATE asterisk_dids SET status = 'inactive' WHERE id = :id").param("id", unusable).update();
        dids(jdbc, tenant, "a", 1, "+1646555");
        Pool a = new Pool(tenant, "a");
        Pool b = new Pool(tenant, "b");
        assertThat(Pool.LOCK_ORDER.compare(a, b)).isNegative();
        try (Connection holder = dataSource.getConnection()) {
            hold(holder, a);
            CompletableFuture<List<AllocationService.Result>> claim = CompletableFuture.supplyAsync(
                    () -> transactions.execute(tx -> allocations.allocateNow(tenant, List.of(
                            new AllocationRequest(null, "b", null, List.of("a"))))));
            await().atMost(Duration.ofSeconds(10)).until(() -> waitersFor(a) > 0);

            assertThat(holdersOf(b)).as("pool b's lock, while the claim waits for a's").isZero();

            holder.rollback();
            List<AllocationService.Result> results = claim.get(10, TimeUnit.SECONDS);
            assertThat(results.get(0).allocation().segment()).isEqualTo("a");
        }
    }

    /** Takes the segment pool's lock, as a batch does, in {@code holder}'s transaction. */
    private static void hold(Connection holder, Pool pool) throws java.sql.SQLException {
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement(
                "SELECT pg_advisory_xact_lock_shared(?), pg_advisory_xact_lock(?, ?)")) {
            lock.setLong(1, pool.tenantLockKey());
            lock.setInt(2, pool.tenantLockKeyHalf());
            lock.setInt(3, pool.segmentLockKey());
            lock.execute();
        }
    }

    private long holdersOf(Pool pool) {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_locks
                         WHERE locktype = 'advisory' AND granted AND objsubid = 2
                           AND classid = CAST(CAST(:half AS int) AS oid) AND objid = CAST(CAST(:key AS int) AS oid)""")
                .param("half", pool.tenantLockKeyHalf())
                .param("key", pool.segmentLockKey())
                .query(Long.class).single();
    }

    /** Transactions waiting for the segment's own lock (a two-key advisory lock: objsubid 2, the key in objid). */
    private long waitersFor(Pool pool) {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_locks
                         WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
                           AND classid = CAST(CAST(:half AS int) AS oid) AND objid = CAST(CAST(:key AS int) AS oid)""")
                .param("half", pool.tenantLockKeyHalf())
                .param("key", pool.segmentLockKey())
                .query(Long.class).single();
    }

    /** Whether another transaction could lock the row now, without waiting. */
    private boolean rowIsFree(UUID did) throws Exception {
        try (Connection probe = dataSource.getConnection()) {
            probe.setAutoCommit(false);
            try (Statement s = probe.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '100ms'");
                try (ResultSet rs = s.executeQuery("SELECT id FROM asterisk_dids WHERE id = '" + did
                        + "' FOR UPDATE NOWAIT")) {
                    return rs.next();
                } catch (java.sql.SQLException e) {
                    assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("55P03");
                    return false;
                }
            } finally {
                probe.rollback();
            }
        }
    }
}
