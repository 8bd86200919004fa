package io.didpool.journey;

import io.didpool.dialing.CallEvent;
import io.didpool.platform.SqlEnums;
import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of executions and their steps: the history users read. Their calls wait in the dial queue. */
@Repository
class ExecutionRepository {

    /** The statuses an execution may still leave, as an SQL list. */
    private static final String UNFINISHED = SqlEnums.list(ExecutionStatus.QUEUED, ExecutionStatus.RUNNING);

    private static final String EXECUTION_COLUMNS = """
            id, journey_id, campaign_id, status, contact_number, error, created_at, started_at, finished_at""";

    private final JdbcClient jdbc;

    ExecutionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Executions written by one statement at most: each statement of a large campaign's creation stays well inside
     * the statement timeout, in the caller's one transaction.
     */
    static final int ROWS_PER_STATEMENT = 10_000;

    /** Inserts the executions QUEUED, in the caller's transaction. */
    void insert(TenantId tenant, UUID journeyId, UUID campaignId, UUID[] ids, String[] contacts) {
        for (int from = 0; from < ids.length; from += ROWS_PER_STATEMENT) {
            int to = Math.min(ids.length, from + ROWS_PER_STATEMENT);
            insertAtOnce(tenant, journeyId, campaignId, java.util.Arrays.copyOfRange(ids, from, to),
                    java.util.Arrays.copyOfRange(contacts, from, to));
        }
    }

    private void insertAtOnce(TenantId tenant, UUID journeyId, UUID campaignId, UUID[] ids, String[] contacts) {
        jdbc.sql("""
                        INSERT INTO journey_executions (id, tenant_id, journey_id, campaign_id, contact_number, status)
                        SELECT id, :tenant, :journey, :campaign, contact, %s
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:contacts AS varchar[])) AS e(id, contact)"""
                        .formatted(SqlEnums.literal(ExecutionStatus.QUEUED)))
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .param("campaign", campaignId)
                .param("ids", ids)
                .param("contacts", contacts)
                .update();
    }

    /** What the progress of an execution needs to know of it. */
    Optional<Header> header(UUID id) {
        return jdbc.sql("""
                        SELECT tenant_id, journey_id, campaign_id, contact_number, status FROM journey_executions
                         WHERE id = :id""")
                .param("id", id)
                .query((rs, i) -> new Header(id, new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("journey_id", UUID.class), rs.getObject("campaign_id", UUID.class),
                        rs.getString("contact_number"), ExecutionStatus.valueOf(rs.getString("status"))))
                .optional();
    }

    void markRunning(UUID id) {
        jdbc.sql("""
                        UPDATE journey_executions SET status = %s, started_at = coalesce(started_at, now())
                         WHERE id = :id AND status = %s"""
                        .formatted(SqlEnums.literal(ExecutionStatus.RUNNING),
                                SqlEnums.literal(ExecutionStatus.QUEUED)))
                .param("id", id)
                .update();
    }

    void finish(UUID id, ExecutionStatus status, String error) {
        jdbc.sql("""
                        UPDATE journey_executions SET status = :status, error = :error, finished_at = now()
                         WHERE id = :id AND status IN (%s)""".formatted(UNFINISHED))
                .param("status", status.name())
                .param("error", error)
                .param("id", id)
                .update();
    }

    /** Ends the executions, not finished, as {@link ExecutionStatus#SUPPRESSED}, each with its error; one statement. */
    void suppress(UUID[] ids, String[] errors) {
        jdbc.sql("""
                        UPDATE journey_executions AS e SET status = %s, error = s.error, finished_at = now()
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:errors AS text[])) AS s(id, error)
                         WHERE e.id = s.id AND e.status IN (%s)"""
                        .formatted(SqlEnums.literal(ExecutionStatus.SUPPRESSED), UNFINISHED))
                .param("ids", ids)
                .param("errors", errors)
                .update();
    }

    /** Cancels those of the executions that have not finished; answers how many. */
    int cancel(List<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        UPDATE journey_executions SET status = %s, finished_at = now()
                         WHERE id = ANY(CAST(:ids AS uuid[])) AND status IN (%s)"""
                        .formatted(SqlEnums.literal(ExecutionStatus.CANCELLED), UNFINISHED))
                .param("ids", ids.toArray(new UUID[0]))
                .update();
    }

    /** The step of a call that got a set-up slot: created at its first attempt, its attempts counted after. */
    void startStep(UUID executionId, int position, UUID nodeId, String type, String destination, String callId,
            int attempt) {
        jdbc.sql("""
                        INSERT INTO journey_execution_steps
                               (execution_id, position, node_id, type, status, destination, call_id, attempts)
                        VALUES (:execution, :position, :node, :type, %s, :destination, :callId, :attempt)
                        ON CONFLICT (execution_id, position) DO UPDATE SET attempts = EXCLUDED.attempts"""
                        .formatted(SqlEnums.literal(StepStatus.RUNNING)))
                .param("execution", executionId)
                .param("position", position)
                .param("node", nodeId)
                .param("type", type)
                .param("destination", destination)
                .param("callId", callId)
                .param("attempt", attempt)
                .update();
    }

    /** Records the DID before dialling, so that a call interrupted mid-way still shows which number was used. */
    void recordDid(UUID executionId, int position, CallEvent.Allocated did) {
        jdbc.sql("""
                        UPDATE journey_execution_steps
                           SET did_id = :didId, did_number = :number, did_segment = :segment, did_trunk = :trunk,
                               selected_by = :selectedBy, match = :match
                         WHERE execution_id = :execution AND position = :position""")
                .param("didId", did.didId())
                .param("number", did.didNumber())
                .param("segment", did.segment())
                .param("trunk", did.trunk())
                .param("selectedBy", did.selectedBy())
                .param("match", did.match())
                .param("execution", executionId)
                .param("position", position)
                .update();
    }

    void answered(UUID executionId, int position, String channel) {
        jdbc.sql("""
                        UPDATE journey_execution_steps SET outcome = 'ANSWERED', channel = :channel
                         WHERE execution_id = :execution AND position = :position""")
                .param("channel", channel)
                .param("execution", executionId)
                .param("position", position)
                .update();
    }

    void finishStep(UUID executionId, int position, StepStatus status, String channel, String outcome, String error,
            int attempts) {
        jdbc.sql("""
                        UPDATE journey_execution_steps
                           SET status = :status, channel = coalesce(:channel, channel), outcome = :outcome,
                               error = :error, attempts = :attempts, finished_at = now()
                         WHERE execution_id = :execution AND position = :position""")
                .param("status", status.name())
                .param("channel", channel)
                .param("outcome", outcome)
                .param("error", error)
                .param("attempts", attempts)
                .param("execution", executionId)
                .param("position", position)
                .update();
    }

    Optional<Execution> find(TenantId tenant, UUID journeyId, UUID id) {
        List<Execution> found = executions(jdbc.sql("SELECT " + EXECUTION_COLUMNS
                        + " FROM journey_executions WHERE tenant_id = :tenant AND journey_id = :journey AND id = :id")
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .param("id", id));
        return found.stream().findFirst();
    }

    /** A page of the executions of a journey or of a campaign, oldest first, each with its steps. */
    List<Execution> list(TenantId tenant, Filter filter, int page, int size) {
        return executions(jdbc.sql("SELECT " + EXECUTION_COLUMNS + " FROM journey_executions WHERE "
                        + filter.where() + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .params(filter.params(tenant))
                .param("limit", size)
                .param("offset", (long) page * size));
    }

    long count(TenantId tenant, Filter filter) {
        return jdbc.sql("SELECT count(*) FROM journey_executions WHERE " + filter.where())
                .params(filter.params(tenant))
                .query(Long.class)
                .single();
    }

    /**
     * The journey's executions still queued or running, per campaign (null: its own executions), with how many of
     * each; served by idx_journey_executions_status.
     */
    List<InFlight> inFlight(TenantId tenant, UUID journeyId) {
        return jdbc.sql("""
                        SELECT campaign_id, count(*) FILTER (WHERE status = %s) AS queued,
                               count(*) FILTER (WHERE status = %s) AS running
                          FROM journey_executions
                         WHERE tenant_id = :tenant AND journey_id = :journey AND status IN (%s)
                         GROUP BY campaign_id
                         ORDER BY campaign_id NULLS FIRST"""
                        .formatted(SqlEnums.literal(ExecutionStatus.QUEUED),
                                SqlEnums.literal(ExecutionStatus.RUNNING), UNFINISHED))
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .query((rs, i) -> new InFlight(rs.getObject("campaign_id", UUID.class), rs.getLong("queued"),
                        rs.getLong("running")))
                .list();
    }

    /** The journey's own executions (of no campaign) still queued or running, oldest first. */
    List<UUID> ownInFlight(TenantId tenant, UUID journeyId) {
        return jdbc.sql("""
                        SELECT id FROM journey_executions
                         WHERE tenant_id = :tenant AND journey_id = :journey AND status IN (%s)
                           AND campaign_id IS NULL
                         ORDER BY created_at, id""".formatted(UNFINISHED))
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .query(UUID.class)
                .list();
    }

    /** The numbers the campaign's executions call (one execution per distinct contact), in no particular order. */
    List<String> contactNumbers(UUID campaignId) {
        return jdbc.sql("SELECT contact_number FROM journey_executions WHERE campaign_id = :campaign")
                .param("campaign", campaignId)
                .query(String.class)
                .list();
    }

    /** How many executions of each campaign are in each status (every status present, 0 when none). */
    Map<UUID, Map<ExecutionStatus, Long>> countByStatus(List<UUID> campaignIds) {
        Map<UUID, Map<ExecutionStatus, Long>> counts = new HashMap<>();
        for (UUID campaign : campaignIds) {
            Map<ExecutionStatus, Long> none = new EnumMap<>(ExecutionStatus.class);
            for (ExecutionStatus status : ExecutionStatus.values()) {
                none.put(status, 0L);
            }
            counts.put(campaign, none);
        }
        jdbc.sql("""
                        SELECT campaign_id, status, count(*) AS n FROM journey_executions
                         WHERE campaign_id = ANY (CAST(:campaigns AS uuid[]))
                         GROUP BY campaign_id, status""")
                .param("campaigns", campaignIds.toArray(UUID[]::new))
                .query(rs -> {
                    counts.get(rs.getObject("campaign_id", UUID.class))
                            .put(ExecutionStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    /** The steps the execution has had for the node (its calls to the contact for it): a range of the primary key. */
    int stepsOfNode(UUID executionId, UUID nodeId) {
        return jdbc.sql("SELECT count(*) FROM journey_execution_steps WHERE execution_id = :execution AND node_id = :node")
                .param("execution", executionId)
                .param("node", nodeId)
                .query(Integer.class)
                .single();
    }

    /** When the campaign's last execution finished (null: none has); asked once its campaign is over. */
    Optional<Instant> lastFinished(UUID campaignId) {
        return Optional.ofNullable(jdbc.sql("SELECT max(finished_at) FROM journey_executions WHERE campaign_id = :c")
                .param("c", campaignId)
                .query(Timestamp.class)
                .single()).map(Timestamp::toInstant);
    }

    private List<Execution> executions(JdbcClient.StatementSpec statement) {
        List<Execution> rows = statement.query(ExecutionRepository::executionRow).list();
        if (rows.isEmpty()) {
            return rows;
        }
        Map<UUID, List<Execution.Step>> steps = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT execution_id, node_id, type, status, did_id, did_number, did_segment, did_trunk,
                               selected_by, match, destination, channel, outcome, attempts, error, call_id,
                               started_at, finished_at
                          FROM journey_execution_steps WHERE execution_id = ANY(CAST(:ids AS uuid[]))
                         ORDER BY execution_id, position""")
                .param("ids", rows.stream().map(Execution::id).toArray(UUID[]::new))
                .query(rs -> {
                    steps.computeIfAbsent(rs.getObject("execution_id", UUID.class), k -> new ArrayList<>())
                            .add(stepRow(rs));
                });
        return rows.stream().map(e -> new Execution(e.id(), e.journeyId(), e.campaignId(), e.status(), e.contact(),
                steps.getOrDefault(e.id(), List.of()), e.error(), e.createdAt(), e.startedAt(), e.finishedAt()))
                .toList();
    }

    private static Execution executionRow(ResultSet rs, int rowNum) throws SQLException {
        return new Execution(rs.getObject("id", UUID.class), rs.getObject("journey_id", UUID.class),
                rs.getObject("campaign_id", UUID.class), ExecutionStatus.valueOf(rs.getString("status")),
                new JourneyRequests.Contact(rs.getString("contact_number")), List.of(), rs.getString("error"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Execution.Step stepRow(ResultSet rs) throws SQLException {
        UUID didId = rs.getObject("did_id", UUID.class);
        Execution.DidSummary did = didId == null ? null : new Execution.DidSummary(didId, rs.getString("did_number"),
                rs.getString("did_segment"), rs.getString("did_trunk"));
        return new Execution.Step(rs.getObject("node_id", UUID.class), rs.getString("type"),
                StepStatus.valueOf(rs.getString("status")), did, rs.getString("selected_by"),
                rs.getString("did_segment"), rs.getString("match"), rs.getString("destination"),
                rs.getString("channel"), rs.getString("outcome"), rs.getInt("attempts"), rs.getString("error"),
                rs.getString("call_id"), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), null);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /** Which executions a list shows: those of a journey or of a campaign, optionally in one status. */
    record Filter(UUID journeyId, UUID campaignId, ExecutionStatus status) {

        String where() {
            StringBuilder where = new StringBuilder("tenant_id = :tenant");
            if (journeyId != null) {
                where.append(" AND journey_id = :journey");
            }
            if (campaignId != null) {
                where.append(" AND campaign_id = :campaign");
            }
            if (status != null) {
                where.append(" AND status = :status");
            }
            return where.toString();
        }

        Map<String, Object> params(TenantId tenant) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("tenant", tenant.value());
            if (journeyId != null) {
                params.put("journey", journeyId);
            }
            if (campaignId != null) {
                params.put("campaign", campaignId);
            }
            if (status != null) {
                params.put("status", status.name());
            }
            return params;
        }
    }

    /** How many executions of one campaign of a journey (null: of none) are queued and running. */
    record InFlight(UUID campaignId, long queued, long running) {
    }

    /** An execution as its progress needs it. */
    record Header(UUID id, TenantId tenant, UUID journeyId, UUID campaignId, String contactNumber,
            ExecutionStatus status) {
    }
}
