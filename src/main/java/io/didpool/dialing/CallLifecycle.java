package io.didpool.dialing;

import static io.didpool.dialing.CallState.CANCELLED;
import static io.didpool.dialing.CallState.DIALING;
import static io.didpool.dialing.CallState.ENDED;
import static io.didpool.dialing.CallState.QUEUED;
import static io.didpool.dialing.DialOutcome.ANSWERED;
import static io.didpool.dialing.DialOutcome.INTERRUPTED;

import io.didpool.allocation.AllocationService;
import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every write of a call's life ({@code calls}) once {@link QueuedCalls} queued it: given a slot
 * ({@link CallState#DIALING}), given its DID,
 * queued again (a slot given back, a refused set-up), ended or cancelled. Writes about a call in progress are
 * guarded by "still this instance's and in progress", so a call ended elsewhere meanwhile is never recorded twice.
 * Reads of the table are {@link CallReads}'.
 *
 * <p>A call that ends with no Originate ever sent (cancelled while queued, interrupted before it was sent, ended
 * unplaced or refused before dialling) gives its DID's use back ({@link AllocationService#giveBack}) in the
 * transaction of its end: usage counts calls attempted. That takes DID rows after the calls' rows: the last locks of
 * the lock order. Whether a set-up left: {@code attempts} counts the set-ups a call was given and not given back,
 * and {@code originated_at} (V27, written by {@link OriginateMarks}) says that one left.
 */
@Repository
class CallLifecycle {

    /** The columns {@link #ending} reads: the call's end, and the use to give back. */
    private static final String ENDED_COLUMNS = """
            id, execution_id, step, node_id, trunk, did_id, attempts, channel, outcome, reason, ended_at,
            did_used_at, destination""";
    /** Of a call in progress: no set-up left, neither this one (no mark) nor an earlier one (a refused set-up). */
    private static final String NEVER_SENT = "attempts = 1 AND originated_at IS NULL";

    private final JdbcClient jdbc;
    private final AllocationService allocations;

    CallLifecycle(JdbcClient jdbc, AllocationService allocations) {
        this.jdbc = jdbc;
        this.allocations = allocations;
    }

    /** Gives the calls their slots: they are this instance's, in progress, from now on. */
    List<ClaimedCall> claim(UUID[] ids, Timestamp[] slots, String owner) {
        return jdbc.sql("""
                        UPDATE calls AS c
                           SET state = %s, owner = :owner, slot_at = s.slot_at, attempts = c.attempts + 1,
                               claimed_at = clock_timestamp()
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:slots AS timestamptz[])) AS s(id, slot_at)
                         WHERE c.id = s.id
                        RETURNING""".formatted(DIALING.sql()) + " " + prefixed("c.", ClaimedCall.COLUMNS))
                .param("owner", owner)
                .param("ids", ids)
                .param("slots", slots)
                .query(ClaimedCall::of)
                .list();
    }

    /**
     * Records the DID rotation gave a queued call (it keeps it for every set-up attempt), and when its use was
     * counted ({@code usedAt}, the DID's last use right after the allocation): what names the use if it is given back.
     */
    void chose(UUID id, ClaimedCall.Did did, Instant usedAt) {
        jdbc.sql("""
                        UPDATE calls SET did_id = :did, did_number = :number, did_segment = :segment,
                                         did_trunk = :trunk, selected_by = :selectedBy, match = :match,
                                         did_used_at = :usedAt
                         WHERE id = :id""")
                .param("did", did.id())
                .param("usedAt", usedAt == null ? null : Timestamp.from(usedAt))
                .param("number", did.number())
                .param("segment", did.segment())
                .param("trunk", did.trunk())
                .param("selectedBy", did.selectedBy())
                .param("match", did.match())
                .param("id", id)
                .update();
    }

    /** Moves a queued call to the queue of another trunk (its DID's), ready at once; that trunk's rows must exist. */
    void moveQueued(UUID id, String trunk) {
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
    List<String> giveBackUnheld(String owner, Set<UUID> held, Duration olderThan) {
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

    /**
     * Ends a queued call never to be placed (NOT_PLACED: no DID, trunk closed; SUPPRESSED: do-not-call); a DID it got
     * gives its use back, unless an earlier set-up of the call left (the carrier refused it).
     */
    EndedCall endUnplaced(UUID id, DialOutcome outcome, String reason) {
        Ending ending = jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now(), outcome = %s, reason = :reason
                         WHERE id = :id
                        RETURNING %s, attempts = 0 AS never_sent""".formatted(ENDED.sql(), outcome.sql(),
                        ENDED_COLUMNS))
                .param("reason", reason)
                .param("id", id)
                .query(CallLifecycle::ending)
                .single();
        giveBackUses(List.of(ending));
        return ending.call();
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

    /**
     * Ends the call; empty when it is no longer this instance's (revived elsewhere meanwhile). A call ended
     * {@link DialOutcome#ERROR} was refused before its Originate left (the dialer threw instead of taking it): with
     * no earlier set-up that left, its use is given back. Every other outcome is a report of a set-up that left.
     */
    Optional<EndedCall> end(UUID id, String owner, DialOutcome outcome, String channel, String reason) {
        Optional<Ending> ending = jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now(), outcome = :outcome,
                                         channel = coalesce(:channel, channel), reason = :reason
                         WHERE id = :id AND owner = :owner AND state = %s
                        RETURNING %s, %s AS never_sent""".formatted(ENDED.sql(), DIALING.sql(), ENDED_COLUMNS,
                        NEVER_SENT))
                .param("outcome", outcome.name())
                .param("channel", channel)
                .param("reason", reason)
                .param("id", id)
                .param("owner", owner)
                .query(CallLifecycle::ending)
                .optional();
        if (outcome == DialOutcome.ERROR) {
            ending.ifPresent(e -> giveBackUses(List.of(e)));
        }
        return ending.map(Ending::call);
    }

    /**
     * Ends as interrupted the calls in progress of instances that stopped proving they are alive (or of
     * {@code owner} alone, when it stops): their Originate may have been sent, so they are never dialled again. A
     * call with no mark that its Originate left ({@link OriginateMarks}) and no earlier set-up gives its use back. A
     * stopping instance writes its marks first; of a killed one, a call sent in its last moments whose mark had not
     * committed gives back a use that did leave (docs/dialing.md).
     */
    List<EndedCall> interrupt(String owner, Duration silentFor, String reason) {
        List<Ending> endings = jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now(), outcome = %s, reason = :reason
                         WHERE state = %s
                           AND (CAST(:owner AS text) IS NOT NULL AND owner = :owner
                                OR CAST(:owner AS text) IS NULL AND owner NOT IN (
                                       SELECT id FROM dialer_instances
                                        WHERE heartbeat_at > now() - CAST(:silent AS interval)))
                        RETURNING %s, %s AS never_sent""".formatted(ENDED.sql(), INTERRUPTED.sql(), DIALING.sql(),
                        ENDED_COLUMNS, NEVER_SENT))
                .param("owner", owner)
                .param("silent", silentFor.toMillis() + " milliseconds")
                .param("reason", reason)
                .query(CallLifecycle::ending)
                .list();
        giveBackUses(endings);
        return endings.stream().map(Ending::call).toList();
    }

    /**
     * Cancels the flow's queued calls; answers the executions they served. A call that got its DID and has had no
     * set-up that left (its slot given back, or moved to its DID's trunk) gives its use back; one whose set-up the
     * carrier refused keeps it.
     */
    List<UUID> cancel(UUID flow) {
        return cancelled(jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now()
                         WHERE flow_id = :flow AND state = %s
                        RETURNING execution_id, did_id, did_used_at, destination, attempts = 0 AS never_sent"""
                        .formatted(CANCELLED.sql(), QUEUED.sql()))
                .param("flow", flow)
                .query(CallLifecycle::cancelling)
                .list());
    }

    /**
     * Cancels the executions' queued calls, whatever their flow (a journey's own executions share their tenant's
     * flow with other journeys'); answers the executions they served. Uses are given back as by {@link #cancel}.
     */
    List<UUID> cancelExecutions(List<UUID> executions) {
        if (executions.isEmpty()) {
            return List.of();
        }
        return cancelled(jdbc.sql("""
                        UPDATE calls SET state = %s, ended_at = now()
                         WHERE execution_id = ANY(CAST(:executions AS uuid[])) AND state = %s
                        RETURNING execution_id, did_id, did_used_at, destination, attempts = 0 AS never_sent"""
                        .formatted(CANCELLED.sql(), QUEUED.sql()))
                .param("executions", executions.toArray(new UUID[0]))
                .query(CallLifecycle::cancelling)
                .list());
    }

    /** The tenant's queued calls that ask for segment {@code from}, first or as a fallback, ask for {@code to}. */
    void renameWantedSegment(TenantId tenant, String from, String to) {
        jdbc.sql("""
                        UPDATE calls
                           SET want_segment = CASE WHEN want_segment = :from THEN :to ELSE want_segment END,
                               -- a fallback keeps its place in the list
                               want_fallbacks = array_replace(want_fallbacks, CAST(:from AS varchar), :to)
                         WHERE tenant_id = :tenant AND state = %s
                           AND (want_segment = :from OR :from = ANY(want_fallbacks))""".formatted(QUEUED.sql()))
                .param("from", from)
                .param("to", to)
                .param("tenant", tenant.value())
                .update();
    }

    /**
     * Marks that the Originates of these calls of {@code owner}'s left (at {@code at}, the first of a call's
     * set-ups); a call no longer in progress here is left alone (its end or retry came first and needs no mark).
     */
    void markOriginated(UUID[] ids, Timestamp[] at, String owner) {
        jdbc.sql("""
                        UPDATE calls AS c SET originated_at = s.at
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:at AS timestamptz[])) AS s(id, at)
                         WHERE c.id = s.id AND c.owner = :owner AND c.state = %s
                           AND c.originated_at IS NULL""".formatted(DIALING.sql()))
                .param("ids", ids)
                .param("at", at)
                .param("owner", owner)
                .update();
    }

    /** A call just ended, and the use to give back when none of its set-ups left (else null). */
    private record Ending(EndedCall call, AllocationService.CountedUse unsentUse) {
    }

    /** A call just cancelled: the execution it served, and the use to give back (as {@link Ending}'s). */
    private record Cancelling(UUID execution, AllocationService.CountedUse unsentUse) {
    }

    private static Ending ending(ResultSet rs, int rowNum) throws SQLException {
        return new Ending(EndedCall.of(rs, rowNum), unsentUse(rs));
    }

    private static Cancelling cancelling(ResultSet rs, int rowNum) throws SQLException {
        return new Cancelling(rs.getObject("execution_id", UUID.class), unsentUse(rs));
    }

    /** The use of a call that has a DID and sent no Originate (column {@code never_sent}); else null. */
    private static AllocationService.CountedUse unsentUse(ResultSet rs) throws SQLException {
        UUID did = rs.getObject("did_id", UUID.class);
        if (did == null || !rs.getBoolean("never_sent")) {
            return null;
        }
        return new AllocationService.CountedUse(did, Columns.instant(rs, "did_used_at"), rs.getString("destination"));
    }

    private List<UUID> cancelled(List<Cancelling> cancelled) {
        giveBack(cancelled.stream().map(Cancelling::unsentUse).filter(Objects::nonNull).toList());
        return cancelled.stream().map(Cancelling::execution).toList();
    }

    private void giveBackUses(List<Ending> endings) {
        giveBack(endings.stream().map(Ending::unsentUse).filter(Objects::nonNull).toList());
    }

    private void giveBack(List<AllocationService.CountedUse> uses) {
        if (!uses.isEmpty()) {
            allocations.giveBack(uses);
        }
    }

    private static String prefixed(String alias, String columns) {
        return String.join(", ", java.util.Arrays.stream(columns.split(",")).map(c -> alias + c.strip()).toList());
    }
}
