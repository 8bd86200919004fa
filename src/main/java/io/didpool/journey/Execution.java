package io.didpool.journey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An execution as {@code GET /api/journeys/{id}/executions/{executionId}} shows it. */
record Execution(UUID id, UUID journeyId, ExecutionStatus status, JourneyRequests.Contact contact, List<Step> steps,
        String error, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** What one node did; {@code did} is the DID as it was when the call was placed. */
    record Step(UUID nodeId, String type, StepStatus status, DidSummary did, String selectedBy, String destination,
            String channel, String outcome, String error, String callId, Instant startedAt, Instant finishedAt) {
    }

    record DidSummary(UUID id, String number, String segment, String trunk) {
    }
}
