package io.didpool.dialing;

import io.didpool.tenant.TenantId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The calls placed to a number: what a callback from that number answers. A call counts from its claim (when its DID
 * was its caller ID for good); a call that never got a DID does not. The look-back is the database's clock, as every
 * time in {@code calls} is.
 */
@Repository
public class CallHistory {

    private final JdbcClient jdbc;

    CallHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The tenant's most recent call to {@code destination} claimed in the last {@code days} days, from the DID
     * numbered {@code didNumber} (null: from any of the tenant's DIDs). A short backward scan of
     * {@code calls_by_destination}: a number has few calls.
     */
    public Optional<LastCall> lastCall(TenantId tenant, String didNumber, String destination, int days) {
        return jdbc.sql("""
                        SELECT id, execution_id, journey_id, flow_id, tenant_id, did_number, claimed_at
                          FROM calls
                         WHERE destination = :destination
                           AND claimed_at IS NOT NULL
                           AND claimed_at >= now() - make_interval(days => :days)
                           AND tenant_id = :tenant
                           AND did_number IS NOT NULL
                           AND (CAST(:did AS varchar) IS NULL OR did_number = :did)
                         ORDER BY claimed_at DESC
                         LIMIT 1""")
                .param("destination", destination)
                .param("days", days)
                .param("tenant", tenant.value())
                .param("did", didNumber)
                .query((rs, i) -> {
                    UUID flow = rs.getObject("flow_id", UUID.class);
                    // a campaign's calls are its flow; a tenant's single executions are the tenant's own flow
                    UUID campaign = flow.equals(rs.getObject("tenant_id", UUID.class)) ? null : flow;
                    return new LastCall(rs.getObject("id", UUID.class), rs.getObject("execution_id", UUID.class),
                            rs.getObject("journey_id", UUID.class), campaign, rs.getString("did_number"),
                            rs.getTimestamp("claimed_at").toInstant());
                })
                .optional();
    }

    /** A call placed: of this execution (and journey; null for calls queued before journeys were recorded), of this
     * campaign (null: a single execution), from this DID, claimed at. */
    public record LastCall(UUID callId, UUID executionId, UUID journeyId, UUID campaignId, String didNumber,
            java.time.Instant claimedAt) {
    }
}
