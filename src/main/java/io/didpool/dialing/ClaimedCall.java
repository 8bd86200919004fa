package io.didpool.dialing;

import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A call given (or about to be given) a set-up slot; {@code did} once rotation chose it. {@code claimedBefore}: an
 * earlier claim gave it a slot (it is queued again after a refused set-up or a slot given back): it counted toward
 * the attempt limit then.
 */
record ClaimedCall(UUID id, TenantId tenant, CallReference reference, String trunk, String destination,
        UUID wantDidId, String wantSegment, List<String> wantFallbacks, String audioFile, String transferNumber,
        Did did, int attempts, Instant slotAt, boolean claimedBefore) {

    /** The columns {@link #of} reads. */
    static final String COLUMNS = """
            id, tenant_id, execution_id, step, node_id, flow_id, trunk, destination, want_did_id, want_segment,
            want_fallbacks, audio_file, transfer_number, did_id, did_number, did_segment, did_trunk, selected_by,
            match, attempts, slot_at, claimed_at""";

    /** The DID a call dials with, and how it was chosen. */
    record Did(UUID id, String number, String segment, String trunk, String selectedBy, String match) {
    }

    ClaimedCall withDid(Did chosen) {
        return new ClaimedCall(id, tenant, reference, trunk, destination, wantDidId, wantSegment, wantFallbacks,
                audioFile, transferNumber, chosen, attempts, slotAt, claimedBefore);
    }

    static ClaimedCall of(ResultSet rs, int rowNum) throws SQLException {
        UUID didId = rs.getObject("did_id", UUID.class);
        return new ClaimedCall(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                new CallReference(rs.getObject("execution_id", UUID.class), rs.getInt("step"),
                        rs.getObject("node_id", UUID.class)),
                rs.getString("trunk"), rs.getString("destination"), rs.getObject("want_did_id", UUID.class),
                rs.getString("want_segment"), fallbacks(rs.getArray("want_fallbacks")), rs.getString("audio_file"),
                rs.getString("transfer_number"),
                didId == null ? null : new Did(didId, rs.getString("did_number"), rs.getString("did_segment"),
                        rs.getString("did_trunk"), rs.getString("selected_by"), rs.getString("match")),
                rs.getInt("attempts"), Columns.instant(rs, "slot_at"), rs.getTimestamp("claimed_at") != null);
    }

    private static List<String> fallbacks(java.sql.Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
