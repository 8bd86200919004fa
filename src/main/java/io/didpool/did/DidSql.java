package io.didpool.did;

import org.springframework.jdbc.core.RowMapper;

/**
 * What another module's SQL may embed of a DID's row: the one definition of "selectable", and the columns and joins
 * that {@link #ROW} maps to a {@link Did}. The allocation module writes its own statements on {@code asterisk_dids}
 * (it owns the usage columns) and takes these from here, so that a rule about DIDs is written once, in this module.
 */
public final class DidSql {

    /** Maps a row selected with {@link #columns} (and {@link #activity} or {@link #answerRate}). */
    public static final RowMapper<Did> ROW = DidRowMapper.INSTANCE;

    private DidSql() {
    }

    /** "Selectable" for the DID row named {@code alias} ({@link DidRules#selectable}). */
    public static String selectable(String alias) {
        return DidRepository.selectable(alias);
    }

    /** A status that rotation may choose, resting or not: the predicate of the rotation's partial indexes. */
    public static String inSelectableStatus(String alias) {
        return DidRepository.inSelectableStatus(alias);
    }

    /** Not found missing from its Twilio account (part of {@link #selectable}; a rest ends, this does not). */
    public static String notOffAccount(String alias) {
        return DidRepository.notOffAccount(alias);
    }

    /**
     * "Resting" for the DID row named {@code alias}: in a status rotation may choose and not flagged off its Twilio
     * account, kept out of it only by a rest that has not ended ({@code restingUntil} in the future);
     * {@link #selectable} once the rest ends.
     */
    public static String resting(String alias) {
        return "(%s AND %s AND NOT %s)".formatted(inSelectableStatus(alias), notOffAccount(alias),
                selectable(alias));
    }

    /**
     * The join that gives the DID row named {@code alias} the caps of its segment's policy, for {@link #atCap} (no
     * policy, or a DID without a segment: no caps).
     */
    public static String caps(String alias) {
        return (" LEFT JOIN segment_policies {d}_caps ON {d}_caps.tenant_id = {d}.tenant_id"
                + " AND {d}_caps.segment = {d}.segment").replace("{d}", alias);
    }

    /**
     * "At a cap now" for the DID row named {@code alias}: its calls of the last hour or day (from {@link #activity})
     * are at its segment's {@code maxCallsPerHour} or {@code maxCallsPerDay} (from {@link #caps}), so that rotation
     * skips it, by the one definition of the caps, SQL's {@code did_under_caps} (V22).
     */
    public static String atCap(String alias) {
        return ("NOT did_under_caps({d}_calls.calls_last_hour, {d}_calls.calls_last_day,"
                + " {d}_caps.max_calls_per_hour, {d}_caps.max_calls_per_day, 0)").replace("{d}", alias);
    }

    /** The columns of a DID aliased {@code alias}, for {@link #ROW}; its calls and answer rate come from the joins. */
    public static String columns(String alias) {
        return DidRowMapper.columns(alias);
    }

    /** The joins that {@link #columns} reads a DID's calls and answer rate from. */
    public static String activity(String alias) {
        return DidRowMapper.activity(alias);
    }

    /** The join that {@link #columns} reads a DID's answer rate from (its calls from {@code alias_calls}). */
    public static String answerRate(String alias) {
        return DidRowMapper.answerRate(alias);
    }
}
