package io.didpool.allocation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of rotation's housekeeping, which db-scheduler's recurring tasks run on one instance at a time: the usage
 * reset of every tenant ({@link ScheduledUsageReset}) and the pruning of what no rule reads any more
 * ({@link CallHistoryPruning}).
 */
@Repository
class Housekeeping {

    private final JdbcClient jdbc;

    Housekeeping(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets the usage of every tenant's DIDs back to 0. */
    int resetAllTenants() {
        return jdbc.sql("UPDATE asterisk_dids SET usage_count = 0 WHERE usage_count <> 0").update();
    }

    /** Removes the calls that no cap counts any more: those older than 25 hours. */
    int pruneCalls() {
        return jdbc.sql("DELETE FROM did_calls WHERE at < now() - INTERVAL '25 hours'").update();
    }

    /**
     * Removes the sticky choices older than the longest {@code stickyDays} (365), and a day: a scan of the table (no
     * index on their time, so that a choice is rewritten in place: V18).
     */
    int pruneStickyChoices() {
        return jdbc.sql("DELETE FROM sticky_caller_ids WHERE at < now() - INTERVAL '366 days'").update();
    }

    /** The database's snapshot now, for a later {@link #pruneChanges}. */
    String snapshot() {
        return jdbc.sql("SELECT CAST(pg_current_snapshot() AS text)").query(String.class).single();
    }

    /**
     * Removes the changes of pools (V17) that {@code snapshot} saw: every snapshot taken since saw them too, so they
     * can no longer void the floors of a read made since then.
     */
    int pruneChanges(String snapshot) {
        return jdbc.sql("DELETE FROM did_pool_changes"
                        + " WHERE pg_visible_in_snapshot(xid, CAST(:snapshot AS pg_snapshot))")
                .param("snapshot", snapshot)
                .update();
    }
}
