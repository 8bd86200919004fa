package io.didpool.did;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;

/** Maps a row of {@code asterisk_dids} selected with {@link #columns}; shared by every statement that reads DIDs. */
final class DidRowMapper implements RowMapper<Did> {

    static final DidRowMapper INSTANCE = new DidRowMapper();

    private DidRowMapper() {
    }

    /**
     * The columns of a DID from {@code asterisk_dids} aliased {@code alias}, joined with {@link #activity}: its calls
     * and answer rate come from the functions {@code did_recent_calls} and {@code did_answer_rate} (V10).
     */
    static String columns(String alias) {
        return """
                {d}.id, {d}.number, {d}.segment, {d}.trunk, {d}.status, {d}.usage_count, {d}.last_used_at,
                {d}.provider, {d}.provider_sid, {d}.friendly_name, {d}.capability_voice, {d}.capability_sms,
                {d}.capability_mms, {d}.import_source, {d}.created_at, {d}.updated_at, {d}.area_code, {d}.resting_until,
                {d}.ownership, {d}_calls.calls_last_hour, {d}_calls.calls_last_day, {d}_rate.answer_rate""".replace("{d}", alias);
    }

    /** The joins that {@link #columns} reads a DID's calls and answer rate from, for rows aliased {@code alias}. */
    static String activity(String alias) {
        return " LEFT JOIN LATERAL did_recent_calls({d}.id) {d}_calls ON true".replace("{d}", alias)
                + answerRate(alias);
    }

    /**
     * The joins that {@link #columns} reads a DID's answer rate from (its calls from another, {@code alias_calls}).
     * The window comes from a lateral join (which adds only that column), not a subquery in the function's argument:
     * PostgreSQL does not inline a function whose arguments hold a subquery, and ran {@code did_answer_rate} as a
     * function of its own for every DID.
     */
    static String answerRate(String alias) {
        return (" LEFT JOIN LATERAL (SELECT p.health_window_calls FROM segment_policies p"
                + " WHERE p.tenant_id = {d}.tenant_id AND p.segment = {d}.segment) {d}_policy ON true"
                + " LEFT JOIN LATERAL did_answer_rate({d}.id, coalesce({d}_policy.health_window_calls, "
                + SegmentPolicy.DEFAULT_HEALTH_WINDOW_CALLS + ")) {d}_rate ON true").replace("{d}", alias);
    }

    @Override
    public Did mapRow(ResultSet rs, int rowNum) throws SQLException {
        Boolean voice = (Boolean) rs.getObject("capability_voice");
        Boolean sms = (Boolean) rs.getObject("capability_sms");
        Boolean mms = (Boolean) rs.getObject("capability_mms");
        Did.Capabilities capabilities = voice == null && sms == null && mms == null
                ? null : new Did.Capabilities(voice, sms, mms);
        String ownership = rs.getString("ownership");
        return new Did(
                rs.getObject("id", UUID.class),
                rs.getString("number"),
                rs.getString("segment"),
                rs.getString("trunk"),
                rs.getString("status"),
                rs.getLong("usage_count"),
                instant(rs.getTimestamp("last_used_at")),
                rs.getString("provider"),
                rs.getString("provider_sid"),
                rs.getString("friendly_name"),
                capabilities,
                rs.getString("import_source"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")),
                rs.getString("area_code"),
                instant(rs.getTimestamp("resting_until")),
                rs.getLong("calls_last_hour"),
                rs.getLong("calls_last_day"),
                rs.getBigDecimal("answer_rate"),
                null,
                null,
                ownership == null ? null : Ownership.valueOf(ownership));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
