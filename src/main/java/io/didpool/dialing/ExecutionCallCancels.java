package io.didpool.dialing;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Cancels the queued calls of given executions, whatever their flow: a journey's own executions share their tenant's
 * flow with other journeys', so they cannot be cancelled by flow as a campaign's are ({@link CallLifecycle#cancel}).
 */
@Repository
class ExecutionCallCancels {

    private final JdbcClient jdbc;

    ExecutionCallCancels(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Cancels the executions' queued calls (calls in progress go on); answers the executions they served. */
    List<UUID> cancel(List<UUID> executions) {
        if (executions.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now()
                         WHERE execution_id = ANY(CAST(:executions AS uuid[])) AND state = %s
                        RETURNING execution_id""".formatted(CallState.CANCELLED.sql(), CallState.QUEUED.sql()))
                .param("executions", executions.toArray(new UUID[0]))
                .query(UUID.class)
                .list();
    }
}
