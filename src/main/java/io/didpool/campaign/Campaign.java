package io.didpool.campaign;

import io.didpool.dialing.WaitReason;
import java.util.Map;

import java.time.Instant;
import java.util.UUID;

/**
 * A campaign as the contract shows it: its executions counted by status; {@code suppressed}: those whose contact was
 * on the tenant's do-not-call list (when the campaign was created, or when its call was claimed), never dialled;
 * {@code waiting}: of its queued executions, those whose call may not start yet, counted by reason in
 * {@code waitingByReason} (every reason present).
 */
record Campaign(UUID id, UUID journeyId, String name, CampaignStatus status, long total, long queued, long running,
        long completed, long failed, long cancelled, long suppressed, long waiting,
        Map<WaitReason, Long> waitingByReason, Instant createdAt) {
}
