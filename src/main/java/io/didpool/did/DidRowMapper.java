package io.didpool.did;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;

/** Maps a row of {@code asterisk_dids} selected with {@link #columns}; shared by every statement that reads DIDs. */
public final class DidRowMapper implements RowMapper<Did> {

    public static final DidRowMapper INSTANCE = new DidRowMapper();

    /** The columns of a DID from {@code asterisk_dids} not aliased. */
    static final String COLUMNS = columns("asterisk_dids");

    private DidRowMapper() {
    }

    /**
     * The columns of a DID from {@code asterisk_dids} aliased (or named) {@code alias}. Its calls and answer rate are
     * computed from {@code did_calls} and {@code did_outcomes} as of the statement's snapshot (see V10's functions).
     */
    static String columns(String alias) {
        return """
                {d}.id, {d}.number, {d}.segment, {d}.trunk, {d}.status, {d}.usage_count, {d}.last_used_at,
                {d}.provider, {d}.provider_sid, {d}.friendly_name, {d}.capability_voice, {d}.capability_sms,
                {d}.capability_mms, {d}.import_source, {d}.created_at, {d}.updated_at, {d}.area_code, {d}.resting_until,
                did_calls_after({d}.id, now() - INTERVAL '1 hour') AS calls_last_hour,
                did_calls_after({d}.id, now() - INTERVAL '1 day') AS calls_last_day,
                did_answer_rate({d}.id, coalesce((SELECT p.health_window_calls FROM segment_policies p
                                                 WHERE p.tenant_id = {d}.tenant_id AND p.segment = {d}.segment), %d))
                    AS answer_rate""".formatted(SegmentPolicy.DEFAULT_HEALTH_WINDOW_CALLS).replace("{d}", alias);
    }

    @Override
    public Did mapRow(ResultSet rs, int rowNum) throws SQLException {
        Boolean voice = (Boolean) rs.getObject("capability_voice");
        Boolean sms = (Boolean) rs.getObject("capability_sms");
        Boolean mms = (Boolean) rs.getObject("capability_mms");
        Did.Capabilities capabilities = voice == null && sms == null && mms == null
                ? null : new Did.Capabilities(voice, sms, mms);
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
                rs.getBigDecimal("answer_rate"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
