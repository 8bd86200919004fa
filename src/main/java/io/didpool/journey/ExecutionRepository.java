package io.didpool.journey;

import io.didpool.allocation.Allocation;
import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of executions and their steps: the history users read. The queue itself is db-scheduler's table. */
@Repository
class ExecutionRepository {

    private final JdbcClient jdbc;

    ExecutionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, UUID id, UUID journeyId, String contactNumber) {
        jdbc.sql("""
                        INSERT INTO journey_executions (id, tenant_id, journey_id, contact_number, status)
                        VALUES (:id, :tenant, :journey, :contact, 'QUEUED')""")
                .param("id", id)
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .param("contact", contactNumber)
                .update();
    }

    /**
     * Marks the execution RUNNING for this worker and counts the attempt; empty when it is finished or gone (its
     * journey deleted). RUNNING is accepted too: that is a run revived after its instance died.
     */
    Optional<Started> start(UUID id, String worker) {
        return jdbc.sql("""
                        UPDATE journey_executions
                           SET status = 'RUNNING', attempts = attempts + 1, executed_by = :worker,
                               started_at = coalesce(started_at, now())
                         WHERE id = :id AND status IN ('QUEUED', 'RUNNING')
                        RETURNING tenant_id, journey_id, contact_number, attempts""")
                .param("id", id)
                .param("worker", worker)
                .query((rs, i) -> new Started(id, new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("journey_id", UUID.class), rs.getString("contact_number"), rs.getInt("attempts")))
                .optional();
    }

    void finish(UUID id, ExecutionStatus status, String error) {
        jdbc.sql("UPDATE journey_executions SET status = :status, error = :error, finished_at = now() WHERE id = :id")
                .param("status", status.name())
                .param("error", error)
                .param("id", id)
                .update();
    }

    /** Status of each step already recorded, by position (a revived run continues from there). */
    Map<Integer, StepStatus> stepStatuses(UUID executionId) {
        Map<Integer, StepStatus> statuses = new HashMap<>();
        jdbc.sql("SELECT position, status FROM journey_execution_steps WHERE execution_id = :id")
                .param("id", executionId)
                .query(rs -> {
                    statuses.put(rs.getInt("position"), StepStatus.valueOf(rs.getString("status")));
                });
        return statuses;
    }

    void startStep(UUID executionId, int position, Journey.Node node, String destination, String callId) {
        jdbc.sql("""
                        INSERT INTO journey_execution_steps
                               (execution_id, position, node_id, type, status, destination, call_id)
                        VALUES (:execution, :position, :node, :type, 'RUNNING', :destination, :callId)""")
                .param("execution", executionId)
                .param("position", position)
                .param("node", node.id())
                .param("type", node.type())
                .param("destination", destination)
                .param("callId", callId)
                .update();
    }

    /** Records the DID before dialling, so that a run interrupted mid-call still shows which number was used. */
    void recordDid(UUID executionId, int position, Allocation allocation) {
        jdbc.sql("""
                        UPDATE journey_execution_steps
                           SET did_id = :didId, did_number = :number, did_segment = :segment, did_trunk = :trunk,
                               selected_by = :selectedBy, match = :match
                         WHERE execution_id = :execution AND position = :position""")
                .param("didId", allocation.did().id())
                .param("number", allocation.did().number())
                .param("segment", allocation.segment())
                .param("match", allocation.match() == null ? null : allocation.match().name())
                .param("trunk", allocation.did().trunk())
                .param("selectedBy", allocation.selectedBy().name())
                .param("execution", executionId)
                .param("position", position)
                .update();
    }

    void finishStep(UUID executionId, int position, StepStatus status, String channel, String outcome, String error) {
        jdbc.sql("""
                        UPDATE journey_execution_steps
                           SET status = :status, channel = :channel, outcome = :outcome, error = :error,
                               finished_at = now()
                         WHERE execution_id = :execution AND position = :position""")
                .param("status", status.name())
                .param("channel", channel)
                .param("outcome", outcome)
                .param("error", error)
                .param("execution", executionId)
                .param("position", position)
                .update();
    }

    Optional<Execution> find(TenantId tenant, UUID journeyId, UUID id) {
        return jdbc.sql("""
                        SELECT id, journey_id, status, contact_number, error, created_at, started_at, finished_at
                          FROM journey_executions WHERE tenant_id = :tenant AND journey_id = :journey AND id = :id""")
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .param("id", id)
                .query((rs, i) -> new Execution(id, journeyId, ExecutionStatus.valueOf(rs.getString("status")),
                        new JourneyRequests.Contact(rs.getString("contact_number")), steps(id), rs.getString("error"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("finished_at"))))
                .optional();
    }

    private List<Execution.Step> steps(UUID executionId) {
        return jdbc.sql("""
                        SELECT node_id, type, status, did_id, did_number, did_segment, did_trunk, selected_by, match,
                               destination, channel, outcome, error, call_id, started_at, finished_at
                          FROM journey_execution_steps WHERE execution_id = :id ORDER BY position""")
                .param("id", executionId)
                .query(ExecutionRepository::stepRow)
                .list();
    }

    private static Execution.Step stepRow(ResultSet rs, int rowNum) throws SQLException {
        UUID didId = rs.getObject("did_id", UUID.class);
        Execution.DidSummary did = didId == null ? null : new Execution.DidSummary(didId, rs.getString("did_number"),
                rs.getString("did_segment"), rs.getString("did_trunk"));
        return new Execution.Step(rs.getObject("node_id", UUID.class), rs.getString("type"),
                StepStatus.valueOf(rs.getString("status")), did, rs.getString("selected_by"),
                did == null ? null : did.segment(), rs.getString("match"), rs.getString("destination"), rs.getString("channel"), rs.getString("outcome"), rs.getString("error"),
                rs.getString("call_id"), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /** An execution a worker has just taken. */
    record Started(UUID id, TenantId tenant, UUID journeyId, String contactNumber, int attempt) {
    }
}
