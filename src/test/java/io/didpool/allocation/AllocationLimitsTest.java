package io.didpool.allocation;

import static io.didpool.allocation.AllocationTestSupport.assertExactPerDid;
import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.DidpoolApplication;
import io.didpool.did.Did;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.AllocationBatches;
import io.didpool.testsupport.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The limits of group commit, each made to happen on the real database: the batch limit
 * ({@code didpool.allocation.max-batch}), the give-up timeout ({@code didpool.allocation.wait-millis}) and the
 * retry of a batch that lost a deadlock. An instance of its own runs with a small limit and timeout; a test holds
 * the pool's advisory lock from another connection so that callers pile up behind a batch that cannot start.
 */
class AllocationLimitsTest {

    static final int MAX_BATCH = 16;
    static final long WAIT_MILLIS = 4000;
    /** The instance's sessions look for deadlocks after 3 s of waiting; the test's editing session after 60 s. */
    static final String DEADLOCK_TIMEOUT = "3s";

    static ConfigurableApplicationContext instance;
    static AllocationService allocations;
    static DataSource dataSource;
    static JdbcClient jdbc;

    @BeforeAll
    static void start() throws Exception {
        instance = new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                        "didpool.db.url=" + TestDatabase.jdbcUrl() + "&options=-c%20deadlock_timeout%3D" + DEADLOCK_TIMEOUT,
                        "didpool.data-dir=" + Files.createTempDirectory("didpool-limits"),
                        "didpool.allocation.max-batch=" + MAX_BATCH, "didpool.allocation.wait-millis=" + WAIT_MILLIS)
                .run();
        allocations = instance.getBean(AllocationService.class);
        dataSource = instance.getBean(DataSource.class);
        jdbc = instance.getBean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @Test
    void splitsABurstLargerThanTheLimitIntoBatchesOfAtMostTheLimitAllExact() throws Exception {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "burst", 7, "+1415558");

        List<Caller> callers = new ArrayList<>();
        try (Connection lock = holdPoolLock(tenant)) {
            callers.add(new Caller(tenant, "burst"));
            awaitBatchWaitingForTheLock();
            // 40 more arrive while the first batch cannot start: they queue on this instance
            List<Caller> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                burst.add(new Caller(tenant, "burst"));
            }
            awaitQueued(burst);
            callers.addAll(burst);
            lock.commit();
        }

        List<Did> handedOut = new ArrayList<>();
        for (Caller caller : callers) {
            handedOut.add(caller.result.get(60, TimeUnit.SECONDS));
        }
        // a batch takes its requests once it holds the pool's lock: the first caller's batch takes the first 16
        assertThat(AllocationBatches.sizes(handedOut.stream().map(Did::lastUsedAt).toList()))
                .as("41 callers queued while the pool was locked, in batches of at most " + MAX_BATCH)
                .containsExactly(16, 16, 9);
        assertExactPerDid(jdbc, tenant, handedOut);
    }

    @Test
    void callersWhoseBatchCannotGetThePoolsLockInTimeGetTheirErrorAndNothingIsCounted() throws Exception {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "locked-out", 3, "+1415562");

        List<Caller> callers = new ArrayList<>();
        try (Connection lock = holdPoolLock(tenant)) {
            callers.add(new Caller(tenant, "locked-out"));
            awaitBatchWaitingForTheLock();
            for (int i = 0; i < 3; i++) {
                callers.add(new Caller(tenant, "locked-out"));
            }
            for (Caller caller : callers) {
                assertTimedOut(caller);
            }
            lock.commit();
        }

        Did next = allocations.allocate(tenant, AllocationRequest.rotation("locked-out", null)).did();
        assertThat(total(tenant)).as("only the allocation after the lock was released was counted").isEqualTo(1);
        assertExactPerDid(jdbc, tenant, List.of(next));
    }

    @Test
    void aCallerWhoseBatchIsAlreadyInTheDatabaseWaitsForItsOutcomeWhileLaterCallersGetTheirError() throws Exception {
        TenantId tenant = tenant(jdbc);
        List<UUID> ids = dids(jdbc, tenant, "slow", 3, "+1415560");

        Caller first;
        List<Caller> late = new ArrayList<>();
        try (Connection editor = dataSource.getConnection()) {
            editor.setAutoCommit(false);
            // the rows the first batch will write are locked: it holds the pool's lock, and waits in its write
            lockRows(editor, ids);
            first = new Caller(tenant, "slow");
            awaitBatchWaitingInItsWrite();
            for (int i = 0; i < 3; i++) {
                late.add(new Caller(tenant, "slow"));
            }
            for (Caller caller : late) {
                assertTimedOut(caller);
            }
            // the first caller's batch is already in the database: it waits for its outcome instead of giving up
            assertThat(first.result).isNotDone();
            editor.commit();
        }

        Did taken = first.result.get(60, TimeUnit.SECONDS);
        assertThat(taken.usageCount()).isEqualTo(1);
        Did next = allocations.allocate(tenant, AllocationRequest.rotation("slow", null)).did();
        assertThat(total(tenant)).as("the late callers' uses were never counted").isEqualTo(2);
        assertExactPerDid(jdbc, tenant, List.of(taken, next));
    }

    @Test
    void aPolicyEditedWhileABatchWaitsForThePoolsLockAppliesToThatBatch() throws Exception {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "edited", 1, "+1415563");
        Did first = allocations.allocate(tenant, AllocationRequest.rotation("edited", null)).did();

        Caller waiting;
        try (Connection lock = holdPoolLock(tenant)) {
            waiting = new Caller(tenant, "edited");
            awaitBatchWaitingForTheLock();
            // committed while the batch waits: the batch reads the policy once it holds the lock, so it sees the cap
            jdbc.sql("INSERT INTO segment_policies (tenant_id, segment, max_calls_per_day) VALUES (:t, 'edited', 1)")
                    .param("t", tenant.value()).update();
            lock.commit();
        }

        assertRefusedAtTheCap(waiting);
        assertThat(total(tenant)).isEqualTo(1);
        assertExactPerDid(jdbc, tenant, List.of(first));
    }

    /**
     * A batch sends its COMMIT with its write: a DID changed between the read and the write must fail that write
     * whole, so that none of it commits, and the batch runs again.
     */
    @Test
    void aDidChangedBetweenTheReadAndTheWriteRunsTheBatchAgainAndNothingOfTheFirstTryCommits() throws Exception {
        TenantId tenant = tenant(jdbc);
        List<UUID> ids = dids(jdbc, tenant, "changed", 1, "+1415565");

        Caller caller;
        try (Connection editor = dataSource.getConnection()) {
            editor.setAutoCommit(false);
            lockRows(editor, ids);
            caller = new Caller(tenant, "changed");
            awaitBatchWaitingInItsWrite();
            // the batch read the DID at 0 uses and waits to write it: an operator's edit commits first
            execute(editor, "UPDATE asterisk_dids SET usage_count = 5 WHERE id = '" + ids.get(0) + "'");
            editor.commit();
        }

        Did taken = caller.result.get(60, TimeUnit.SECONDS);
        assertThat(taken.usageCount()).isEqualTo(6);
        assertThat(total(tenant)).isEqualTo(6);
        assertThat(jdbc.sql("SELECT count(*) FROM did_calls WHERE did_id = :id").param("id", ids.get(0))
                .query(Long.class).single()).as("the first try's call did not commit").isEqualTo(1);
        assertThat(instance.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("didpool.allocations.in_doubt").gauge().value()).isZero();
    }

    /**
     * A pool's next batch sends the read its previous batch's rules ask for with the lock: here those rules had no
     * cap, and the cap committed meanwhile must still refuse it.
     */
    @Test
    void aBatchThatSentItsReadWithTheLockReadsAgainWhenThePolicyChangedMeanwhile() throws Exception {
        TenantId tenant = tenant(jdbc);
        List<UUID> ids = dids(jdbc, tenant, "ahead", 1, "+1415564");

        Caller first;
        Caller next;
        try (Connection editor = dataSource.getConnection()) {
            editor.setAutoCommit(false);
            // the first batch (no policy yet) holds the pool's lock and waits in its write, so the next one queues
            // behind it on the same dispatcher, with the rules the first one found
            lockRows(editor, ids);
            first = new Caller(tenant, "ahead");
            awaitBatchWaitingInItsWrite();
            next = new Caller(tenant, "ahead");
            awaitQueued(List.of(next));
            jdbc.sql("INSERT INTO segment_policies (tenant_id, segment, max_calls_per_day) VALUES (:t, 'ahead', 1)")
                    .param("t", tenant.value()).update();
            editor.commit();
        }

        Did taken = first.result.get(60, TimeUnit.SECONDS);
        assertRefusedAtTheCap(next);
        assertThat(total(tenant)).isEqualTo(1);
        assertExactPerDid(jdbc, tenant, List.of(taken));
    }

    @Test
    void aBatchThatLosesADeadlockIsRetriedAndCountsStayExact() throws Exception {
        TenantId tenant = tenant(jdbc);
        List<UUID> ids = dids(jdbc, tenant, "locked", 5, "+1415561");
        long deadlocksBefore = deadlocks();

        List<Caller> callers = new ArrayList<>();
        try (Connection editor = dataSource.getConnection()) {
            editor.setAutoCommit(false);
            // an edit that waits long before it looks for deadlocks, so that the allocation batch is the victim
            execute(editor, "SET LOCAL deadlock_timeout = '60s'");
            // it holds the row of a DID that the next allocations will write...
            edit(editor, ids.get(1));
            callers.add(new Caller(tenant, "locked"));
            callers.add(new Caller(tenant, "locked"));
            awaitBatchWaitingInItsWrite();
            // ...and now wants the tenant's advisory lock, which the waiting batch holds (shared): a deadlock
            try (PreparedStatement lock = editor.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, new Pool(tenant, null).tenantLockKey());
                lock.execute();
            }
            editor.commit();
        }

        List<Did> handedOut = new ArrayList<>();
        for (Caller caller : callers) {
            handedOut.add(caller.result.get(60, TimeUnit.SECONDS));
        }
        assertThat(jdbc.sql("SELECT friendly_name FROM asterisk_dids WHERE id = :id").param("id", ids.get(1))
                .query(String.class).single()).as("the edit committed: the allocation batch was the deadlock's victim")
                .isEqualTo("edited");
        await().atMost(Duration.ofSeconds(30)).until(() -> deadlocks() > deadlocksBefore);
        assertThat(total(tenant)).isEqualTo(2);
        assertExactPerDid(jdbc, tenant, handedOut);
    }

    /** One caller of the instance's allocation, on a thread of its own. */
    static final class Caller {
        final CompletableFuture<Did> result = new CompletableFuture<>();
        final Thread thread;

        Caller(TenantId tenant, String segment) {
            thread = new Thread(() -> {
                try {
                    result.complete(allocations.allocate(tenant, AllocationRequest.rotation(segment, null)).did());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, "allocation-caller");
            thread.start();
        }
    }

    private static void assertTimedOut(Caller caller) {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> caller.result.get(60, TimeUnit.SECONDS));
        assertThat(refused.getCause()).isInstanceOf(AllocationTimeoutException.class)
                .hasMessageContaining("did not answer within " + WAIT_MILLIS + " ms");
    }

    /** Holds the tenant's advisory lock, which every batch of the tenant's pools takes, until commit. */
    private static Connection holdPoolLock(TenantId tenant) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, new Pool(tenant, null).tenantLockKey());
            lock.execute();
        }
        return connection;
    }

    /** Locks these DIDs' rows in {@code editor}'s transaction: a batch that writes them waits in its write. */
    private static void lockRows(Connection editor, List<UUID> ids) throws SQLException {
        try (PreparedStatement rows = editor.prepareStatement(
                "SELECT id FROM asterisk_dids WHERE id = ANY (?) FOR UPDATE")) {
            rows.setArray(1, editor.createArrayOf("uuid", ids.toArray()));
            rows.executeQuery().close();
        }
    }

    private static void awaitBatchWaitingInItsWrite() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE asterisk_dids%'""")
                .query(Long.class).single() == 1);
    }

    /** The caller was refused because the pool's one DID is at its daily cap of 1. */
    private static void assertRefusedAtTheCap(Caller caller) {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> caller.result.get(60, TimeUnit.SECONDS));
        assertThat(refused.getCause()).isInstanceOf(NothingSelectableException.class)
                .hasMessageContaining("1 at their cap of calls");
    }

    private static void awaitBatchWaitingForTheLock() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> jdbc.sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").query(Long.class)
                .single() == 1);
    }

    /**
     * Waits until each caller is parked waiting for its DID, which it does only once its request is queued (its
     * thread waits with a timeout there, and nowhere before).
     */
    private static void awaitQueued(List<Caller> callers) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> callers.stream()
                .allMatch(c -> c.thread.getState() == Thread.State.TIMED_WAITING));
    }

    private static void edit(Connection editor, UUID id) throws SQLException {
        try (PreparedStatement update = editor.prepareStatement(
                "UPDATE asterisk_dids SET friendly_name = 'edited' WHERE id = ?")) {
            update.setObject(1, id);
            update.executeUpdate();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long deadlocks() {
        return jdbc.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
                .query(Long.class).single();
    }

    private static long total(TenantId tenant) {
        return jdbc.sql("SELECT sum(usage_count) FROM asterisk_dids WHERE tenant_id = :t")
                .param("t", tenant.value()).query(Long.class).single();
    }
}
