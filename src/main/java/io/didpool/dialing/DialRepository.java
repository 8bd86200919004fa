package io.didpool.dialing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import static io.didpool.dialing.CallState.CANCELLED;
import static io.didpool.dialing.CallState.DIALING;
import static io.didpool.dialing.CallState.ENDED;
import static io.didpool.dialing.CallState.QUEUED;
import static io.didpool.dialing.DialOutcome.ANSWERED;
import static io.didpool.dialing.DialOutcome.INTERRUPTED;
import static io.didpool.dialing.DialOutcome.NOT_PLACED;

import io.didpool.tenant.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the dial queue: calls, the pace of each trunk, the turns of tenants and flows, the dialling instances. */
@Repository
class DialRepository {

    static final String CHANNEL = "didpool_dial";

    private static final String CALL_COLUMNS = """
            id, tenant_id, execution_id, step, node_id, flow_id, trunk, destination, want_did_id, want_segment,
            want_fallbacks, audio_file, transfer_number, did_id, did_number, did_segment, did_trunk, selected_by,
            match, attempts, slot_at""";

    private final JdbcClient jdbc;

    DialRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- queuing

    /** Queues the calls (one statement whatever their number) with the rows their trunks and flows need. */
    void insert(List<Queued> calls) {
        int n = calls.size();
        UUID[] ids = new UUID[n];
        UUID[] tenants = new UUID[n];
        UUID[] executions = new UUID[n];
        Integer[] steps = new Integer[n];
        UUID[] nodes = new UUID[n];
        UUID[] flows = new UUID[n];
        String[] trunks = new String[n];
        String[] destinations = new String[n];
        UUID[] dids = new UUID[n];
        String[] segments = new String[n];
        String[] fallbacks = new String[n];
        String[] audio = new String[n];
        String[] transfers = new String[n];
        for (int i = 0; i < n; i++) {
            Queued q = calls.get(i);
            CallRequest r = q.request();
            ids[i] = q.id();
            tenants[i] = r.tenant().value();
            executions[i] = r.reference().executionId();
            steps[i] = r.reference().step();
            nodes[i] = r.reference().nodeId();
            flows[i] = r.flow();
            trunks[i] = q.trunk();
            destinations[i] = r.destination();
            dids[i] = r.didId();
            segments[i] = r.segment();
            // segment names hold no comma: one string per call through unnest, an array again in the table
            fallbacks[i] = r.fallbackSegments().isEmpty() ? null : String.join(",", r.fallbackSegments());
            audio[i] = r.audioFile();
            transfers[i] = r.transferNumber();
        }
        jdbc.sql("""
                        INSERT INTO trunk_pacing (trunk) SELECT DISTINCT t FROM unnest(CAST(:trunks AS varchar[])) t
                        ON CONFLICT DO NOTHING""")
                .param("trunks", trunks)
                .update();
        jdbc.sql("""
                        INSERT INTO dial_flows (trunk, flow_id, tenant_id)
                        SELECT DISTINCT t, f, tn FROM unnest(CAST(:trunks AS varchar[]), CAST(:flows AS uuid[]),
                                                             CAST(:tenants AS uuid[])) AS x(t, f, tn)
                        ON CONFLICT (trunk, flow_id) DO UPDATE SET touched_at = now()""")
                .param("trunks", trunks)
                .param("flows", flows)
                .param("tenants", tenants)
                .update();
        jdbc.sql("""
                        INSERT INTO calls (id, tenant_id, execution_id, step, node_id, flow_id, trunk, state,
                                           destination, want_did_id, want_segment, want_fallbacks, audio_file,
                                           transfer_number)
                        SELECT id, tenant_id, execution_id, step, node_id, flow_id, trunk, %s,
                               destination, want_did_id, want_segment, string_to_array(want_fallbacks, ','),
                               audio_file, transfer_number
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:tenants AS uuid[]), CAST(:executions AS uuid[]),
                                      CAST(:steps AS int[]), CAST(:nodes AS uuid[]), CAST(:flows AS uuid[]),
                                      CAST(:trunks AS varchar[]), CAST(:destinations AS varchar[]),
                                      CAST(:dids AS uuid[]), CAST(:segments AS varchar[]),
                                      CAST(:fallbacks AS varchar[]), CAST(:audio AS varchar[]),
                                      CAST(:transfers AS varchar[]))
                            AS c(id, tenant_id, execution_id, step, node_id, flow_id, trunk, destination,
                                 want_did_id, want_segment, want_fallbacks, audio_file, transfer_number)"""
                        .formatted(QUEUED.sql()))
                .param("ids", ids)
                .param("tenants", tenants)
                .param("executions", executions)
                .param("steps", steps)
                .param("nodes", nodes)
                .param("flows", flows)
                .param("trunks", trunks)
                .param("destinations", destinations)
                .param("dids", dids)
                .param("segments", segments)
                .param("fallbacks", fallbacks)
                .param("audio", audio)
                .param("transfers", transfers)
                .update();
    }

    /** Tells every instance (once this transaction commits) that the trunk may have work or room. */
    void notify(String trunk) {
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', :trunk)").param("trunk", trunk).query(rs -> { });
    }

    // ---- handing out set-up slots

    /**
     * Locks the trunk's pace for this transaction and reads it with the database's clock, the one clock every
     * instance shares. Empty when another instance holds it (it is handing out this trunk's slots right now).
     */
    Optional<PaceRow> lockPace(String trunk) {
        return jdbc.sql("""
                        SELECT next_slot_at, clock_timestamp() AS now FROM trunk_pacing
                         WHERE trunk = :trunk FOR UPDATE SKIP LOCKED""")
                .param("trunk", trunk)
                .query((rs, i) -> new PaceRow(instant(rs, "next_slot_at"), instant(rs, "now")))
                .optional();
    }

    void advancePace(String trunk, Instant nextSlot) {
        jdbc.sql("UPDATE trunk_pacing SET next_slot_at = :next WHERE trunk = :trunk")
                .param("next", Timestamp.from(nextSlot))
                .param("trunk", trunk)
                .update();
    }

    long dialing(String trunk) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE trunk = :trunk AND state = " + DIALING.sql())
                .param("trunk", trunk)
                .query(Long.class)
                .single();
    }

    /**
     * The flows of the trunk that are not paused, with the time their first queued call is ready (null: none
     * queued) and when they and their tenant were last served. Each first-ready time is one probe of calls_ready.
     */
    List<FlowRow> flows(String trunk) {
        return jdbc.sql("""
                        SELECT f.flow_id, f.tenant_id, f.last_served_at, t.last_served_at AS tenant_last_served_at,
                               (SELECT c.ready_at FROM calls c
                                 WHERE c.trunk = f.trunk AND c.flow_id = f.flow_id AND c.state = %s
                                 ORDER BY c.ready_at LIMIT 1) AS first_ready_at
                          FROM dial_flows f
                          LEFT JOIN dial_turns t ON t.trunk = f.trunk AND t.tenant_id = f.tenant_id
                         WHERE f.trunk = :trunk
                           AND NOT EXISTS (SELECT 1 FROM paused_flows p WHERE p.flow_id = f.flow_id)"""
                        .formatted(QUEUED.sql()))
                .param("trunk", trunk)
                .query((rs, i) -> new FlowRow(new FairShare.Flow(rs.getObject("flow_id", UUID.class),
                        rs.getObject("tenant_id", UUID.class), instant(rs, "last_served_at"),
                        instant(rs, "tenant_last_served_at")), instant(rs, "first_ready_at")))
                .list();
    }

    /** The flow's next {@code limit} ready calls on the trunk, first in first out, row-locked. */
    List<UUID> readyCalls(String trunk, UUID flow, Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM calls
                         WHERE trunk = :trunk AND flow_id = :flow AND state = %s AND ready_at <= :now
                         ORDER BY ready_at, seq
                         LIMIT :limit
                           FOR UPDATE SKIP LOCKED""".formatted(QUEUED.sql()))
                .param("trunk", trunk)
                .param("flow", flow)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /** Gives the calls their slots: they are this instance's, in progress, from now on. */
    List<Claimed> claim(UUID[] ids, Timestamp[] slots, String owner) {
        return jdbc.sql("""
                        UPDATE calls AS c
                           SET state = %s, owner = :owner, slot_at = s.slot_at, attempts = c.attempts + 1,
                               claimed_at = clock_timestamp()
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:slots AS timestamptz[])) AS s(id, slot_at)
                         WHERE c.id = s.id
                        RETURNING""".formatted(DIALING.sql()) + " " + prefixed("c.", CALL_COLUMNS))
                .param("owner", owner)
                .param("ids", ids)
                .param("slots", slots)
                .query(DialRepository::claimed)
                .list();
    }

    /** Records when flows and their tenants were last served on the trunk. */
    void served(String trunk, Map<UUID, Instant> flows, Map<UUID, Instant> tenants) {
        flows.forEach((flow, at) -> jdbc.sql("""
                        UPDATE dial_flows SET last_served_at = :at WHERE trunk = :trunk AND flow_id = :flow""")
                .param("at", Timestamp.from(at))
                .param("trunk", trunk)
                .param("flow", flow)
                .update());
        tenants.forEach((tenant, at) -> jdbc.sql("""
                        INSERT INTO dial_turns (trunk, tenant_id, last_served_at) VALUES (:trunk, :tenant, :at)
                        ON CONFLICT (trunk, tenant_id) DO UPDATE SET last_served_at = EXCLUDED.last_served_at""")
                .param("trunk", trunk)
                .param("tenant", tenant)
                .param("at", Timestamp.from(at))
                .update());
    }

    // ---- a call's life on its instance

    /** The calls, as they are now (their rows are already locked by this transaction). */
    List<Claimed> read(List<UUID> ids) {
        return jdbc.sql("SELECT " + CALL_COLUMNS + " FROM calls WHERE id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", ids.toArray(new UUID[0]))
                .query(DialRepository::claimed)
                .list();
    }

    /** Records the DID rotation gave a queued call (it keeps it for every set-up attempt). */
    void chose(UUID id, Claimed.Did did) {
        jdbc.sql("""
                        UPDATE calls SET did_id = :did, did_number = :number, did_segment = :segment,
                                         did_trunk = :trunk, selected_by = :selectedBy, match = :match
                         WHERE id = :id""")
                .param("did", did.id())
                .param("number", did.number())
                .param("segment", did.segment())
                .param("trunk", did.trunk())
                .param("selectedBy", did.selectedBy())
                .param("match", did.match())
                .param("id", id)
                .update();
    }

    /** Moves a queued call to the queue of another trunk (its DID's), ready at once. */
    void moveQueued(UUID id, String trunk) {
        ensureTrunkAndFlow(id, trunk);
        jdbc.sql("UPDATE calls SET trunk = :trunk, ready_at = now() WHERE id = :id AND state = " + QUEUED.sql())
                .param("trunk", trunk)
                .param("id", id)
                .update();
    }

    /** Gives a call's slot back: it waits, first in line, for another slot of its trunk. */
    boolean giveBackSlot(UUID id, String owner) {
        return jdbc.sql("""
                        UPDATE calls SET state = %s, owner = NULL, slot_at = NULL, attempts = attempts - 1,
                                         ready_at = created_at
                         WHERE id = :id AND owner = :owner AND state = %s""".formatted(QUEUED.sql(), DIALING.sql()))
                .param("id", id)
                .param("owner", owner)
                .update() == 1;
    }

    /**
     * Gives back the slots of calls this instance holds in the database, claimed more than {@code olderThan} ago,
     * that it is not dialling ({@code held}); answers their trunks.
     */
    List<String> giveBackUnheld(String owner, java.util.Set<UUID> held, Duration olderThan) {
        return jdbc.sql("""
                        UPDATE calls SET state = %s, owner = NULL, slot_at = NULL, attempts = attempts - 1,
                                         ready_at = created_at
                         WHERE state = %s AND owner = :owner
                           AND claimed_at < now() - CAST(:olderThan AS interval)
                           AND NOT (id = ANY(CAST(:held AS uuid[])))
                        RETURNING trunk""".formatted(QUEUED.sql(), DIALING.sql()))
                .param("owner", owner)
                .param("olderThan", olderThan.toMillis() + " milliseconds")
                .param("held", held.toArray(new UUID[0]))
                .query(String.class)
                .list();
    }

    /** Ends a queued call that will never be placed (no DID for it, its trunk closed to its tenant). */
    Ended endUnplaced(UUID id, String reason) {
        return jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now(), outcome = %s, reason = :reason
                         WHERE id = :id
                        RETURNING id, execution_id, step, node_id, trunk, did_id, attempts, channel, outcome, reason,
                                  ended_at""".formatted(ENDED.sql(), NOT_PLACED.sql()))
                .param("reason", reason)
                .param("id", id)
                .query(DialRepository::ended)
                .single();
    }

    private void ensureTrunkAndFlow(UUID id, String trunk) {
        jdbc.sql("INSERT INTO trunk_pacing (trunk) VALUES (:trunk) ON CONFLICT DO NOTHING")
                .param("trunk", trunk)
                .update();
        jdbc.sql("""
                        INSERT INTO dial_flows (trunk, flow_id, tenant_id)
                        SELECT :trunk, flow_id, tenant_id FROM calls WHERE id = :id
                        ON CONFLICT (trunk, flow_id) DO UPDATE SET touched_at = now()""")
                .param("trunk", trunk)
                .param("id", id)
                .update();
    }

    boolean answered(UUID id, String owner, String channel) {
        return jdbc.sql("""
                        UPDATE calls SET answered_at = now(), channel = :channel, outcome = %s
                         WHERE id = :id AND owner = :owner AND state = %s""".formatted(ANSWERED.sql(), DIALING.sql()))
                .param("channel", channel)
                .param("id", id)
                .param("owner", owner)
                .update() == 1;
    }

    /** Queues the call again for another set-up attempt at {@code readyAt}, keeping its DID. */
    boolean retry(UUID id, String owner, Instant readyAt, String reason) {
        return jdbc.sql("""
                        UPDATE calls SET state = %s, owner = NULL, slot_at = NULL, ready_at = :readyAt,
                                         reason = :reason
                         WHERE id = :id AND owner = :owner AND state = %s""".formatted(QUEUED.sql(), DIALING.sql()))
                .param("readyAt", Timestamp.from(readyAt))
                .param("reason", reason)
                .param("id", id)
                .param("owner", owner)
                .update() == 1;
    }

    /** Ends the call; empty when it is no longer this instance's (revived elsewhere meanwhile). */
    Optional<Ended> end(UUID id, String owner, DialOutcome outcome, String channel, String reason) {
        return jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now(), outcome = :outcome,
                                         channel = coalesce(:channel, channel), reason = :reason
                         WHERE id = :id AND owner = :owner AND state = %s
                        RETURNING id, execution_id, step, node_id, trunk, did_id, attempts, channel, outcome, reason,
                                  ended_at""".formatted(ENDED.sql(), DIALING.sql()))
                .param("outcome", outcome.name())
                .param("channel", channel)
                .param("reason", reason)
                .param("id", id)
                .param("owner", owner)
                .query(DialRepository::ended)
                .optional();
    }

    // ---- instances

    void heartbeat(String instance) {
        jdbc.sql("""
                        INSERT INTO dialer_instances (id) VALUES (:id)
                        ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()""")
                .param("id", instance)
                .update();
    }

    void unregister(String instance) {
        jdbc.sql("DELETE FROM dialer_instances WHERE id = :id").param("id", instance).update();
    }

    /**
     * Ends as interrupted the calls in progress of instances that stopped proving they are alive (or of
     * {@code owner} alone, when it stops): their Originate may have been sent, so they are never dialled again.
     */
    List<Ended> interrupt(String owner, Duration silentFor, String reason) {
        return jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now(), outcome = %s, reason = :reason
                         WHERE state = %s
                           AND (CAST(:owner AS text) IS NOT NULL AND owner = :owner
                                OR CAST(:owner AS text) IS NULL AND owner NOT IN (
                                       SELECT id FROM dialer_instances
                                        WHERE heartbeat_at > now() - CAST(:silent AS interval)))
                        RETURNING id, execution_id, step, node_id, trunk, did_id, attempts, channel, outcome, reason,
                                  ended_at""".formatted(ENDED.sql(), INTERRUPTED.sql(), DIALING.sql()))
                .param("owner", owner)
                .param("silent", silentFor.toMillis() + " milliseconds")
                .param("reason", reason)
                .query(DialRepository::ended)
                .list();
    }

    int forgetSilentInstances(Duration silentFor) {
        return jdbc.sql("DELETE FROM dialer_instances WHERE heartbeat_at < now() - CAST(:silent AS interval)")
                .param("silent", silentFor.toMillis() + " milliseconds")
                .update();
    }

    /**
     * Forgets flows idle for a day with nothing queued. An enqueue moves {@code touched_at}, and PostgreSQL re-checks
     * a row changed under this delete, so a flow a call was just queued to is never removed.
     */
    int forgetIdleFlows() {
        return jdbc.sql("""
                        DELETE FROM dial_flows f
                         WHERE f.touched_at < now() - INTERVAL '1 day'
                           AND NOT EXISTS (SELECT 1 FROM calls c
                                            WHERE c.trunk = f.trunk AND c.flow_id = f.flow_id AND c.state = %s)"""
                        .formatted(QUEUED.sql()))
                .update();
    }

    // ---- flows

    void pause(UUID flow) {
        jdbc.sql("INSERT INTO paused_flows (flow_id) VALUES (:flow) ON CONFLICT DO NOTHING").param("flow", flow).update();
    }

    void resume(UUID flow) {
        jdbc.sql("DELETE FROM paused_flows WHERE flow_id = :flow").param("flow", flow).update();
    }

    List<String> trunksOf(UUID flow) {
        return jdbc.sql("SELECT trunk FROM dial_flows WHERE flow_id = :flow").param("flow", flow).query(String.class)
                .list();
    }

    /** Cancels the flow's queued calls; answers the executions they served. */
    List<UUID> cancel(UUID flow) {
        return jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now()
                         WHERE flow_id = :flow AND state = %s
                        RETURNING execution_id""".formatted(CANCELLED.sql(), QUEUED.sql()))
                .param("flow", flow)
                .query(UUID.class)
                .list();
    }

    /** Trunks with a call ready now in a flow that is not paused. */
    List<String> trunksWithReadyCalls() {
        return jdbc.sql("""
                        SELECT DISTINCT f.trunk FROM dial_flows f
                         WHERE NOT EXISTS (SELECT 1 FROM paused_flows p WHERE p.flow_id = f.flow_id)
                           AND EXISTS (SELECT 1 FROM calls c
                                        WHERE c.trunk = f.trunk AND c.flow_id = f.flow_id AND c.state = %s
                                          AND c.ready_at <= now())""".formatted(QUEUED.sql()))
                .query(String.class)
                .list();
    }

    // ---- activity

    long count(String trunk, CallState state) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE trunk = :trunk AND state = :state")
                .param("trunk", trunk)
                .param("state", state.name())
                .query(Long.class)
                .single();
    }

    long count(TenantId tenant, String trunk, CallState state) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE tenant_id = :tenant AND trunk = :trunk AND state = :state")
                .param("tenant", tenant.value())
                .param("trunk", trunk)
                .param("state", state.name())
                .query(Long.class)
                .single();
    }

    /** Calls in progress and queued, per trunk that has any. */
    List<TrunkLoad> load() {
        return jdbc.sql("""
                        SELECT trunk, count(*) FILTER (WHERE state = %1$s) AS dialing,
                                      count(*) FILTER (WHERE state = %2$s) AS queued
                          FROM calls WHERE state IN (%1$s, %2$s)
                         GROUP BY trunk""".formatted(DIALING.sql(), QUEUED.sql()))
                .query((rs, i) -> new TrunkLoad(rs.getString("trunk"), rs.getLong("dialing"), rs.getLong("queued")))
                .list();
    }

    // ---- rows

    private static Claimed claimed(ResultSet rs, int rowNum) throws SQLException {
        UUID didId = rs.getObject("did_id", UUID.class);
        return new Claimed(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                new CallReference(rs.getObject("execution_id", UUID.class), rs.getInt("step"),
                        rs.getObject("node_id", UUID.class)),
                rs.getString("trunk"), rs.getString("destination"), rs.getObject("want_did_id", UUID.class),
                rs.getString("want_segment"), fallbacks(rs.getArray("want_fallbacks")), rs.getString("audio_file"),
                rs.getString("transfer_number"),
                didId == null ? null : new Claimed.Did(didId, rs.getString("did_number"), rs.getString("did_segment"),
                        rs.getString("did_trunk"), rs.getString("selected_by"), rs.getString("match")),
                rs.getInt("attempts"), instant(rs, "slot_at"));
    }

    private static Ended ended(ResultSet rs, int rowNum) throws SQLException {
        return new Ended(rs.getObject("id", UUID.class), new CallReference(rs.getObject("execution_id", UUID.class),
                rs.getInt("step"), rs.getObject("node_id", UUID.class)), rs.getString("trunk"),
                rs.getObject("did_id", UUID.class), rs.getInt("attempts"), rs.getString("channel"),
                DialOutcome.of(rs.getString("outcome")), rs.getString("reason"), instant(rs, "ended_at"));
    }

    private static List<String> fallbacks(java.sql.Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static String prefixed(String alias, String columns) {
        return String.join(", ", java.util.Arrays.stream(columns.split(",")).map(c -> alias + c.strip()).toList());
    }

    /** A call to insert: its request and the trunk it is paced on. */
    record Queued(UUID id, CallRequest request, String trunk) {
    }

    record PaceRow(Instant nextSlot, Instant now) {
    }

    record FlowRow(FairShare.Flow flow, Instant firstReady) {
    }

    /** A call given (or about to be given) a set-up slot; {@code did} once rotation chose it. */
    record Claimed(UUID id, TenantId tenant, CallReference reference, String trunk, String destination,
            UUID wantDidId, String wantSegment, List<String> wantFallbacks, String audioFile, String transferNumber,
            Did did, int attempts, Instant slotAt) {

        /** The DID a call dials with, and how it was chosen. */
        record Did(UUID id, String number, String segment, String trunk, String selectedBy, String match) {
        }

        Claimed withDid(Did chosen) {
            return new Claimed(id, tenant, reference, trunk, destination, wantDidId, wantSegment, wantFallbacks,
                    audioFile, transferNumber, chosen, attempts, slotAt);
        }
    }

    record Ended(UUID id, CallReference reference, String trunk, UUID didId, int attempts, String channel,
            DialOutcome outcome, String reason, Instant at) {

        /** What listeners are told: the step it served failed unless a call was placed and ended normally. */
        CallEvent.Ended event() {
            return new CallEvent.Ended(id, reference, didId, outcome.name(), outcome.failsStep(), channel, reason,
                    attempts, at);
        }
    }

    record TrunkLoad(String trunk, long dialing, long queued) {
    }
}
