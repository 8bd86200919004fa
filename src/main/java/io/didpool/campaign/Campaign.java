package io.didpool.campaign;

import io.didpool.callinghours.CallingHoursJson;
import java.time.Instant;
import java.util.UUID;

/**
 * A campaign as the contract shows it: its executions counted by status; {@code suppressed}: those whose contact was
 * on the tenant's do-not-call list (when the campaign was created, or when its call was claimed), never dialled.
 * {@code callingHours}: its own calling hours, or null when it has its journey's.
 */
record Campaign(UUID id, UUID journeyId, String name, CampaignStatus status, long total, long queued, long running,
        long completed, long failed, long cancelled, long suppressed, Instant createdAt,
        CallingHoursJson callingHours) {
}
