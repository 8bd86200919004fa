package io.didpool.inbound;

import io.didpool.tenant.TenantId;
import java.util.UUID;

/**
 * One inbound call's decision: what the record keeps and what Asterisk is told. {@code dialString} and
 * {@code callerId} are what the dialplan dials and shows (null: refused, or the caller's own caller ID kept);
 * {@code route} is the route as configured. {@code tenant} is null for {@link InboundDecision#UNKNOWN_NUMBER} and
 * {@link InboundDecision#AMBIGUOUS}: such a call is no tenant's.
 */
record Decision(UUID id, InboundDecision decision, String reason, TenantId tenant, String did, UUID didId,
        String segment, String caller, String route, String dialString, String callerId, UUID executionId,
        UUID campaignId) {
}
