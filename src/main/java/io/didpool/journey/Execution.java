package io.didpool.journey;

import io.didpool.dialing.DialQueue;
import io.didpool.dialing.WaitReason;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An execution as {@code GET /api/journeys/{id}/executions/{executionId}} shows it; {@code campaignId} is null for an
 * execution queued on its own. {@code callbacks} counts the inbound calls that answered its calls (from the number it
 * called, to a DID, within the tenant's look-back: see {@link ExecutionCallbacks}).
 */
record Execution(UUID id, UUID journeyId, UUID campaignId, ExecutionStatus status, JourneyRequests.Contact contact,
        List<Step> steps, String error, Instant createdAt, Instant startedAt, Instant finishedAt, long callbacks) {

    /** An execution as its rows hold it: its callbacks are counted elsewhere ({@link #withCallbacks}). */
    Execution(UUID id, UUID journeyId, UUID campaignId, ExecutionStatus status, JourneyRequests.Contact contact,
            List<Step> steps, String error, Instant createdAt, Instant startedAt, Instant finishedAt) {
        this(id, journeyId, campaignId, status, contact, steps, error, createdAt, startedAt, finishedAt, 0);
    }

    Execution withCallbacks(long count) {
        return new Execution(id, journeyId, campaignId, status, contact, steps, error, createdAt, startedAt,
                finishedAt, count);
    }

    /**
     * What one node did; {@code did} is the DID as it was when the call was placed, {@code segment} the segment it
     * came from and {@code match} the level of the choice that matched (null for a pinned DID); {@code attempts}
     * counts the Originates
     * (a set-up the carrier refused is tried again).
     */
    record Step(UUID nodeId, String type, StepStatus status, DidSummary did, String selectedBy, String segment,
            String match, String destination, String channel, String outcome, int attempts, String error,
            String callId, Instant startedAt, Instant finishedAt, WaitingFor waitingFor) {

        /** The step of a call that waits (status {@link StepStatus#WAITING}). */
        static Step waiting(DialQueue.Waiting waiting) {
            return new Step(waiting.nodeId(), NodeType.MAKE_CALL.name(), StepStatus.WAITING, null, null, null, null,
                    waiting.destination(), null, null, 0, null, null, null, null,
                    new WaitingFor(waiting.reason(), waiting.until(), waiting.timeZone()));
        }
    }

    /** Why a step waits, until when, and for which time zone's calling hours (null for the attempt limit). */
    record WaitingFor(WaitReason reason, Instant until, String timeZone) {
    }

    /** The execution with the step its queued call waits in, when it waits, added at its place. */
    Execution withWaiting(DialQueue.Waiting waiting) {
        if (waiting == null) {
            return this;
        }
        List<Step> all = new java.util.ArrayList<>(steps);
        WaitingFor why = new WaitingFor(waiting.reason(), waiting.until(), waiting.timeZone());
        if (waiting.step() < all.size()) {
            // a call queued again (its set-up was refused) whose window closed meanwhile: its step waits
            Step s = all.get(waiting.step());
            all.set(waiting.step(), new Step(s.nodeId(), s.type(), StepStatus.WAITING, s.did(), s.selectedBy(),
                    s.segment(), s.match(), s.destination(), s.channel(), s.outcome(), s.attempts(), s.error(),
                    s.callId(), s.startedAt(), s.finishedAt(), why));
        } else {
            all.add(Step.waiting(waiting));
        }
        return new Execution(id, journeyId, campaignId, status, contact, all, error, createdAt, startedAt,
                finishedAt, callbacks);
    }

    record DidSummary(UUID id, String number, String segment, String trunk) {
    }
}
