package io.didpool.allocation;

import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.serializer.JavaSerializer;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the pruning of calls and of changes of pools removes, and what it keeps. Sticky choices: StickyChoicesTest. */
class CallHistoryPruningTest extends IntegrationTest {

    @Autowired
    CallHistoryPruning pruning;

    @Autowired
    JdbcClient jdbc;

    @Test
    void callsOlderThan25HoursArePrunedAndNewerOnesKept() {
        UUID did = UUID.randomUUID();
        jdbc.sql("INSERT INTO did_calls (did_id, seq, at) VALUES (:d, 1, now() - INTERVAL '25 hours 1 minute'),"
                + " (:d, 2, now() - INTERVAL '24 hours 59 minutes')").param("d", did).update();

        pruning.prune(null);

        assertThat(jdbc.sql("SELECT seq FROM did_calls WHERE did_id = :d").param("d", did).query(Long.class).list())
                .containsExactly(2L);
    }

    /** A change goes once a run's snapshot saw it, at the run after that one; a later change stays until then. */
    @Test
    void aChangeIsPrunedByTheRunAfterTheOneWhoseSnapshotSawIt() {
        TenantId tenant = tenant(jdbc);
        String before = insertDid(tenant, "+12125550101");
        String first = pruning.prune(null);
        assertThat(changeOf(before)).as("no earlier snapshot saw it").isOne();

        String after = insertDid(tenant, "+12125550102");
        String second = pruning.prune(first);
        assertThat(changeOf(before)).as("seen by the first run's snapshot").isZero();
        assertThat(changeOf(after)).as("made after the first run's snapshot").isOne();

        pruning.prune(second);
        assertThat(changeOf(after)).as("seen by the second run's snapshot").isZero();
    }

    /**
     * Whichever instance runs the task next prunes with the snapshot of the run before: it is the task's data, in its
     * db-scheduler row. The task is run by moving its time to now.
     */
    @Test
    void theTasksSnapshotIsKeptInItsRowForTheNextRun() {
        TenantId tenant = tenant(jdbc);
        String before = insertDid(tenant, "+12125550201");
        runTask();
        String seen = new JavaSerializer().deserialize(String.class, jdbc.sql(
                        "SELECT task_data FROM scheduled_tasks WHERE task_name = :task")
                .param("task", CallHistoryPruning.CALLS_TASK).query(byte[].class).single());
        assertThat(jdbc.sql("SELECT pg_visible_in_snapshot(CAST(:xid AS xid8), CAST(:seen AS pg_snapshot))")
                .param("xid", before).param("seen", seen).query(Boolean.class).single())
                .as("the change seen by the snapshot kept").isTrue();
        String after = insertDid(tenant, "+12125550202");

        runTask();

        assertThat(changeOf(before)).isZero();
        assertThat(changeOf(after)).isOne();
    }

    /** Runs the pruning task now, on whichever instance picks it up, and waits until it is scheduled again. */
    private void runTask() {
        long version = jdbc.sql("UPDATE scheduled_tasks SET execution_time = now() WHERE task_name = :task"
                        + " RETURNING version")
                .param("task", CallHistoryPruning.CALLS_TASK).query(Long.class).single();
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                        "SELECT version > :version AND NOT picked FROM scheduled_tasks WHERE task_name = :task")
                .param("version", version).param("task", CallHistoryPruning.CALLS_TASK).query(Boolean.class)
                .single());
    }

    /** Inserts a DID in a transaction of its own; answers that transaction's id. */
    private String insertDid(TenantId tenant, String number) {
        return jdbc.sql("INSERT INTO asterisk_dids (id, tenant_id, number) VALUES (:id, :t, :n)"
                        + " RETURNING CAST(pg_current_xact_id() AS text)")
                .param("id", UUID.randomUUID()).param("t", tenant.value()).param("n", number)
                .query(String.class).single();
    }

    private long changeOf(String xid) {
        return jdbc.sql("SELECT count(*) FROM did_pool_changes WHERE xid = CAST(:xid AS xid8)").param("xid", xid)
                .query(Long.class).single();
    }
}
