package io.didpool.journey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An execution as {@code GET /api/journeys/{id}/executions/{executionId}} shows it; {@code campaignId} is null for an
 * execution queued on its own.
 */
record Execution(UUID id, UUID journeyId, UUID campaignId, ExecutionStatus status, JourneyRequests.Contact contact,
        List<Step> steps, String error, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /**
     * What one node did; {@code did} is the DID as it was when the call was placed, {@code segment} the segment it
     * came from and {@code match} the level of the choice that matched (null for a pinned DID); {@code attempts}
     * counts the Originates
     * (a set-up the carrier refused is tried again).
     */
    record Step(UUID nodeId, String type, StepStatus status, DidSummary did, String selectedBy, String segment,
            String match, String destination, String channel, String outcome, int attempts, String error,
            String callId, Instant startedAt, Instant finishedAt) {
    }

    record DidSummary(UUID id, String number, String segment, String trunk) {
    }
}
