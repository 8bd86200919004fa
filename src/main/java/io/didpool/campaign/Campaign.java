package io.didpool.campaign;

import java.time.Instant;
import java.util.UUID;

/** A campaign as the contract shows it: its executions counted by status. */
record Campaign(UUID id, UUID journeyId, String name, CampaignStatus status, long total, long queued, long running,
        long completed, long failed, long cancelled, Instant createdAt) {
}
