package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The order in which a claim takes its locks (see {@link SlotClaims}): the trunk's pace row, then the pool's advisory
 * lock, then DID rows. The test holds one of the later locks in a connection of its own, queues a call, waits until
 * the claim's transaction is blocked on it (pg_locks, pg_blocking_pids) and looks at which locks it already holds:
 * a row lock is seen by trying to take it with NOWAIT from a third connection.
 */
class SlotClaimsLockOrderTest extends IntegrationTest {

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    @Autowired
    JdbcClient jdbc;

    @Test
    void aClaimWaitingForADidRowAlreadyHoldsThePaceRowAndThePoolsLock() throws SQLException {
        Setup setup = setUp("LOCKORDER1", 14155620001L);
        try (Connection holder = connection()) {
            holder.setAutoCommit(false);
            run(holder, "SELECT id FROM asterisk_dids WHERE id = '" + setup.did() + "' FOR UPDATE");

            execute(setup);
            int claimer = blockedBy(pid(holder));

            assertThat(paceRowLocked(setup.trunk())).as("the pace row, taken first").isTrue();
            assertThat(advisoryLocksHeld(claimer)).as("the pool's advisory lock, taken before the DID rows")
                    .isPositive();
            holder.rollback();
        }
        awaitEnded(setup.trunk());
    }

    @Test
    void aClaimWaitingForThePoolsLockAlreadyHoldsThePaceRowButNoDidRow() throws SQLException {
        Setup setup = setUp("LOCKORDER2", 14155620002L);
        try (Connection holder = connection()) {
            holder.setAutoCommit(false);
            // the pool's lock as AllocationRepository.lock takes it: a segment's batch takes its tenant's key
            // (Pool.tenantLockKey) shared, so the tenant's key held exclusively here stops it
            run(holder, "SELECT pg_advisory_xact_lock(" + (setup.tenant().getMostSignificantBits()
                    ^ setup.tenant().getLeastSignificantBits()) + ")");

            execute(setup);
            int claimer = blockedBy(pid(holder));

            assertThat(waitingFor(claimer)).as("what the claim waits for").isEqualTo("advisory");
            assertThat(paceRowLocked(setup.trunk())).as("the pace row, taken first").isTrue();
            assertThat(didRowLocked(setup.did())).as("no DID row before the pool's lock").isFalse();
            holder.rollback();
        }
        awaitEnded(setup.trunk());
    }

    private record Setup(String trunk, UUID tenant, UUID did, String journey, ApiClient client) {
    }

    /** A tenant with one DID on a trunk of its own, and a journey of one call from that DID's segment. */
    private Setup setUp(String trunk, long number) {
        api().withToken(ADMIN_TOKEN).put("/api/admin/trunks/" + trunk, Map.of("callsPerSecond", 100)).expect(200);
        ApiClient tenant = newTenant();
        String journey = DialingInstances.journeyOnTrunk(tenant, trunk, trunk.toLowerCase(), number, 1);
        Map<String, Object> did = jdbc.sql("""
                        SELECT id, tenant_id FROM asterisk_dids WHERE number = :number AND trunk = :trunk""")
                .param("number", "+" + number).param("trunk", trunk).query().singleRow();
        return new Setup(trunk, (UUID) did.get("tenant_id"), (UUID) did.get("id"), journey, tenant);
    }

    private void execute(Setup setup) {
        setup.client().post("/api/journeys/" + setup.journey() + "/executions",
                Map.of("contact", Map.of("phoneNumber", "+14165620001"))).expect(202);
    }

    /** The backend of the transaction waiting for a lock {@code holder} holds, once there is one. */
    private int blockedBy(int holder) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> jdbc.sql("""
                        SELECT pid FROM pg_locks WHERE NOT granted AND :holder = ANY (pg_blocking_pids(pid))""")
                .param("holder", holder).query(Integer.class).list(), pids -> !pids.isEmpty()).get(0);
    }

    private String waitingFor(int pid) {
        return jdbc.sql("SELECT locktype FROM pg_locks WHERE pid = :pid AND NOT granted").param("pid", pid)
                .query(String.class).single();
    }

    private long advisoryLocksHeld(int pid) {
        return jdbc.sql("SELECT count(*) FROM pg_locks WHERE pid = :pid AND granted AND locktype = 'advisory'")
                .param("pid", pid).query(Long.class).single();
    }

    private boolean paceRowLocked(String trunk) throws SQLException {
        return rowLocked("SELECT trunk FROM trunk_pacing WHERE trunk = '" + trunk + "' FOR UPDATE NOWAIT");
    }

    private boolean didRowLocked(UUID did) throws SQLException {
        return rowLocked("SELECT id FROM asterisk_dids WHERE id = '" + did + "' FOR UPDATE NOWAIT");
    }

    /** Whether another transaction holds the row: trying to lock it now fails at once. */
    private boolean rowLocked(String lockNowait) throws SQLException {
        try (Connection probe = connection()) {
            run(probe, lockNowait);
            return false;
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return true;
            }
            throw e;
        }
    }

    private void awaitEnded(String trunk) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT state FROM calls WHERE trunk = :trunk")
                .param("trunk", trunk).query(String.class).list(),
                states -> states.equals(List.of(CallState.ENDED.name())));
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(TestDatabase.jdbcUrl());
    }

    private static int pid(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_backend_pid()");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                // the lock is what matters
            }
        }
    }
}
