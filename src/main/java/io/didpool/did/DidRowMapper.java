package io.didpool.did;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;

/** Maps a row of {@code asterisk_dids} selected with {@link #COLUMNS}; shared by every feature that reads DIDs. */
public final class DidRowMapper implements RowMapper<Did> {

    public static final DidRowMapper INSTANCE = new DidRowMapper();

    public static final String COLUMNS = """
            id, number, segment, trunk, status, usage_count, last_used_at, provider, provider_sid, friendly_name,
            capability_voice, capability_sms, capability_mms, import_source, created_at, updated_at""";

    private DidRowMapper() {
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
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
