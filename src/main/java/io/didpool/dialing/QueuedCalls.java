package io.didpool.dialing;

import static io.didpool.dialing.CallState.QUEUED;

import io.didpool.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Calls while they are queued ({@code calls} in state QUEUED): inserted with their wait for calling hours (and a
 * recycled attempt with its {@code not_before}, kept when its window is worked out again), moved to
 * their next window when the stretch they were given ends or their hours change, held back by the attempt limit,
 * and what they wait for, as executions and campaigns show it. Waits come in the database's time
 * ({@link CallingHoursWaits}).
 */
@Repository
class QueuedCalls {

    /** Of a queued call: it waits, and its wait has not come (the view's test of "waiting"). */
    static final String WAITING = "state = " + QUEUED.sql() + " AND waiting_reason IS NOT NULL AND ready_at > now()";

    private final JdbcClient jdbc;

    QueuedCalls(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Calls written by one statement at most: each statement of a large campaign's enqueue stays well inside the
     * statement timeout (100,000 rows in one statement once took over its 5 s on a busy disk), in the caller's one
     * transaction.
     */
    static final int ROWS_PER_STATEMENT = 10_000;

    /** Queues the calls, in the caller's transaction (their trunks' and flows' rows must exist). */
    void insert(List<QueuedCall> calls) {
        for (int from = 0; from < calls.size(); from += ROWS_PER_STATEMENT) {
            insertAtOnce(calls.subList(from, Math.min(calls.size(), from + ROWS_PER_STATEMENT)));
        }
    }

    private void insertAtOnce(List<QueuedCall> calls) {
        int n = calls.size();
        UUID[] ids = new UUID[n];
        UUID[] tenants = new UUID[n];
        UUID[] executions = new UUID[n];
        Integer[] steps = new Integer[n];
        UUID[] nodes = new UUID[n];
        UUID[] flows = new UUID[n];
        UUID[] journeys = new UUID[n];
        String[] trunks = new String[n];
        String[] destinations = new String[n];
        UUID[] dids = new UUID[n];
        String[] segments = new String[n];
        String[] fallbacks = new String[n];
        String[] audio = new String[n];
        String[] transfers = new String[n];
        Timestamp[] notBefore = new Timestamp[n];
        Waits waits = new Waits(n);
        for (int i = 0; i < n; i++) {
            QueuedCall q = calls.get(i);
            CallRequest r = q.request();
            ids[i] = q.id();
            tenants[i] = r.tenant().value();
            executions[i] = r.reference().executionId();
            steps[i] = r.reference().step();
            nodes[i] = r.reference().nodeId();
            flows[i] = r.flow();
            journeys[i] = r.journeyId();
            trunks[i] = q.trunk();
            destinations[i] = r.destination();
            dids[i] = r.didId();
            segments[i] = r.segment();
            // segment names hold no comma: one string per call through unnest, an array again in the table
            fallbacks[i] = r.fallbackSegments().isEmpty() ? null : String.join(",", r.fallbackSegments());
            audio[i] = r.audioFile();
            transfers[i] = r.transferNumber();
            notBefore[i] = q.hoursWait().notBefore() == null ? null : Timestamp.from(q.hoursWait().notBefore());
            waits.set(i, q.hoursWait());
        }
        waits.bind(jdbc.sql("""
                        INSERT INTO calls (id, tenant_id, execution_id, step, node_id, flow_id, journey_id, trunk,
                                           state, destination, want_did_id, want_segment, want_fallbacks,
                                           audio_file, transfer_number, not_before, %s)
                        SELECT id, tenant_id, execution_id, step, node_id, flow_id, journey_id, trunk, %s,
                               destination, want_did_id, want_segment, string_to_array(want_fallbacks, ','),
                               audio_file, transfer_number, not_before, %s
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:tenants AS uuid[]), CAST(:executions AS uuid[]),
                                      CAST(:steps AS int[]), CAST(:nodes AS uuid[]), CAST(:flows AS uuid[]),
                                      CAST(:journeys AS uuid[]), CAST(:trunks AS varchar[]),
                                      CAST(:destinations AS varchar[]), CAST(:dids AS uuid[]),
                                      CAST(:segments AS varchar[]), CAST(:fallbacks AS varchar[]),
                                      CAST(:audio AS varchar[]), CAST(:transfers AS varchar[]),
                                      CAST(:notBefore AS timestamptz[]), %s)
                            AS c(id, tenant_id, execution_id, step, node_id, flow_id, journey_id, trunk, destination,
                                 want_did_id, want_segment, want_fallbacks, audio_file, transfer_number, not_before,
                                 %s)"""
                        .formatted(Waits.COLUMNS, QUEUED.sql(), Waits.NAMES, Waits.ARRAYS, Waits.NAMES))
                .param("ids", ids)
                .param("tenants", tenants)
                .param("executions", executions)
                .param("steps", steps)
                .param("nodes", nodes)
                .param("flows", flows)
                .param("journeys", journeys)
                .param("trunks", trunks)
                .param("destinations", destinations)
                .param("dids", dids)
                .param("segments", segments)
                .param("fallbacks", fallbacks)
                .param("audio", audio)
                .param("transfers", transfers)
                .param("notBefore", notBefore))
                .update();
    }

    /**
     * Refreshes the planner's statistics of {@code calls}, in this transaction (ANALYZE counts its own inserted rows):
     * a few hundred milliseconds, after a large enqueue.
     */
    void analyze() {
        jdbc.sql("ANALYZE calls").update();
    }

    /**
     * Up to {@code limit} of the trunk's queued calls whose window has closed by {@code now} (the claim's database
     * time), row-locked, skipping those locked: one range of {@code calls_window_ended}, empty while every window is
     * open.
     */
    List<Closed> windowClosed(String trunk, Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id, tenant_id, journey_id, nullif(flow_id, tenant_id) AS campaign_id, destination,
                               not_before
                          FROM calls
                         WHERE trunk = :trunk AND state = %s AND window_closes_at <= :now
                         ORDER BY window_closes_at
                         LIMIT :limit
                           FOR UPDATE SKIP LOCKED""".formatted(QUEUED.sql()))
                .param("trunk", trunk)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new Closed(rs.getObject("id", UUID.class),
                        new CallingHoursWaits.Subject(new TenantId(rs.getObject("tenant_id", UUID.class)),
                                rs.getObject("journey_id", UUID.class), rs.getObject("campaign_id", UUID.class),
                                rs.getString("destination"), Columns.instant(rs, "not_before"))))
                .list();
    }

    /** A queued call whose window closed: to be given its next. */
    record Closed(UUID id, CallingHoursWaits.Subject subject) {
    }

    /** Gives the calls their new waits (same order), one statement. */
    void rewait(List<UUID> ids, List<CallingHoursWaits.Wait> waits) {
        Waits values = new Waits(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            values.set(i, waits.get(i));
        }
        values.bind(jdbc.sql("""
                        UPDATE calls AS c
                           SET (%s) = (%s)
                          FROM unnest(CAST(:ids AS uuid[]), %s) AS w(id, %s)
                         WHERE c.id = w.id AND c.state = %s""".formatted(Waits.COLUMNS, Waits.NAMES, Waits.ARRAYS,
                        Waits.NAMES, QUEUED.sql()))
                .param("ids", ids.toArray(new UUID[0])))
                .update();
    }

    /**
     * The call waits for the attempt limit until {@code until} (the database's time; {@code untilOnClock} on the
     * service's clock); its window is kept.
     */
    void waitForLimit(UUID id, Instant until, Instant untilOnClock) {
        jdbc.sql("""
                        UPDATE calls SET ready_at = :until, waiting_reason = %s, waiting_until = :untilOnClock,
                                         waiting_zone = NULL
                         WHERE id = :id AND state = %s""".formatted(WaitReason.ATTEMPT_LIMIT.sql(), QUEUED.sql()))
                .param("until", Timestamp.from(until))
                .param("untilOnClock", Timestamp.from(untilOnClock))
                .param("id", id)
                .update();
    }

    /** The tenant's queued calls have their windows worked out again at their trunks' next claims; answers those. */
    List<String> hoursChanged(TenantId tenant) {
        return jdbc.sql("""
                        UPDATE calls SET window_closes_at = now()
                         WHERE tenant_id = :tenant AND state = %s
                        RETURNING trunk""".formatted(QUEUED.sql()))
                .param("tenant", tenant.value())
                .query(String.class)
                .list().stream().distinct().toList();
    }

    /** The tenant's calls waiting for the attempt limit are asked again at once; answers their trunks. */
    List<String> limitChanged(TenantId tenant) {
        return jdbc.sql("""
                        UPDATE calls SET ready_at = now(), waiting_reason = NULL, waiting_until = NULL
                         WHERE tenant_id = :tenant AND state = %s AND waiting_reason = %s
                        RETURNING trunk""".formatted(QUEUED.sql(), WaitReason.ATTEMPT_LIMIT.sql()))
                .param("tenant", tenant.value())
                .query(String.class)
                .list().stream().distinct().toList();
    }

    /** What the executions' queued calls wait for, by execution (those not waiting are absent). */
    Map<UUID, DialQueue.Waiting> waiting(List<UUID> executions) {
        Map<UUID, DialQueue.Waiting> waiting = new HashMap<>();
        if (executions.isEmpty()) {
            return waiting;
        }
        jdbc.sql("""
                        SELECT execution_id, step, node_id, destination, waiting_reason, waiting_until, waiting_zone
                          FROM calls
                         WHERE execution_id = ANY(CAST(:executions AS uuid[])) AND %s""".formatted(WAITING))
                .param("executions", executions.toArray(new UUID[0]))
                .query(rs -> {
                    waiting.put(rs.getObject("execution_id", UUID.class), new DialQueue.Waiting(rs.getInt("step"),
                            rs.getObject("node_id", UUID.class), rs.getString("destination"),
                            WaitReason.valueOf(rs.getString("waiting_reason")),
                            Columns.instant(rs, "waiting_until"), rs.getString("waiting_zone")));
                });
        return waiting;
    }

    /** How many of the flows' queued calls wait, by flow and reason. */
    Map<UUID, Map<WaitReason, Long>> waitingByReason(List<UUID> flows) {
        Map<UUID, Map<WaitReason, Long>> counts = new HashMap<>();
        if (flows.isEmpty()) {
            return counts;
        }
        jdbc.sql("""
                        SELECT flow_id, waiting_reason, count(*) AS n
                          FROM calls
                         WHERE flow_id = ANY(CAST(:flows AS uuid[])) AND %s
                         GROUP BY flow_id, waiting_reason""".formatted(WAITING))
                .param("flows", flows.toArray(new UUID[0]))
                .query(rs -> {
                    counts.computeIfAbsent(rs.getObject("flow_id", UUID.class), f -> new HashMap<>())
                            .put(WaitReason.valueOf(rs.getString("waiting_reason")), rs.getLong("n"));
                });
        return counts;
    }

    /** The wait columns of many calls as arrays for {@code unnest}, in the database's time. */
    private static final class Waits {

        static final String ARRAYS = """
                CAST(:readyAt AS timestamptz[]), CAST(:closesAt AS timestamptz[]), CAST(:reasons AS varchar[]),
                CAST(:untils AS timestamptz[]), CAST(:zones AS varchar[])""";
        /** The columns of calls the arrays fill, in their order. */
        static final String COLUMNS = "ready_at, window_closes_at, waiting_reason, waiting_until, waiting_zone";
        /** The arrays' names in unnest (unlike the columns', never ambiguous in an UPDATE … FROM). */
        static final String NAMES = "wait_ready_at, wait_closes_at, wait_reason, wait_until, wait_zone";

        private final Timestamp[] readyAt;
        private final Timestamp[] closesAt;
        private final String[] reasons;
        private final Timestamp[] untils;
        private final String[] zones;

        Waits(int n) {
            readyAt = new Timestamp[n];
            closesAt = new Timestamp[n];
            reasons = new String[n];
            untils = new Timestamp[n];
            zones = new String[n];
        }

        void set(int i, CallingHoursWaits.Wait wait) {
            readyAt[i] = Timestamp.from(wait.readyAt());
            closesAt[i] = wait.closesAt() == null ? null : Timestamp.from(wait.closesAt());
            reasons[i] = wait.waits() ? wait.reason().name() : null;
            untils[i] = wait.waits() ? Timestamp.from(wait.until()) : null;
            zones[i] = wait.zone();
        }

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            return statement.param("readyAt", readyAt)
                    .param("closesAt", closesAt)
                    .param("reasons", reasons)
                    .param("untils", untils)
                    .param("zones", zones);
        }
    }
}
