package io.didpool.campaign;

import io.didpool.callinghours.CallingHoursJson;
import io.didpool.dialing.WaitReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A campaign as the contract shows it: its executions counted by status; {@code suppressed}: those whose contact was
 * on the tenant's do-not-call list (when the campaign was created, or when its call was claimed), never dialled;
 * {@code waiting}: of its queued calls, those that may not start yet, counted by reason in {@code waitingByReason}
 * (every reason present). {@code callingHours}: its own calling hours, or null when it has its journey's.
 * {@code callbackTo}: the route of a call back from a number it called (winning over its journey's), or null for none
 * of its own. {@code startedAt}: its first call's set-up (null: none yet); {@code finishedAt}: when its last execution
 * finished, once it is over (DONE, or CANCELLED with no call left in progress); {@code setupsPerSecond}: its set-ups
 * of the last minute, per second; {@code eta}: when its queued calls will have started at that pace (null unless it
 * runs at a pace with calls queued); {@code recycle}: its recycle rules; {@code recycled}: the recycled attempts queued
 * so far (those still waiting for their delay are {@code waitingByReason.RECYCLE}).
 */
record Campaign(UUID id, UUID journeyId, String name, CampaignStatus status, long total, long queued, long running,
        long completed, long failed, long cancelled, long suppressed, long waiting,
        Map<WaitReason, Long> waitingByReason, Instant createdAt, CallingHoursJson callingHours, String callbackTo,
        Instant startedAt, Instant finishedAt, BigDecimal setupsPerSecond, Instant eta, List<RecycleRule> recycle,
        long recycled) {
}
