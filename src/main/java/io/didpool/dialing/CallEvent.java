package io.didpool.dialing;

import java.time.Instant;
import java.util.UUID;

/**
 * What happens to a call, published inside the transaction that records it, so that a listener's own writes (a
 * journey step) commit or roll back with it.
 */
public sealed interface CallEvent {

    UUID callId();

    CallReference reference();

    /** A set-up slot was given to the call; {@code attempt} counts its set-ups so far, this one included. */
    record Started(UUID callId, CallReference reference, String destination, int attempt, Instant at)
            implements CallEvent {
    }

    /**
     * The call has its DID (rotation chose it, usage counted, when the call first got a slot; a retry keeps it):
     * the DID, the segment it came from, how it was chosen and the level that matched (null for a pinned DID).
     */
    record Allocated(UUID callId, CallReference reference, UUID didId, String didNumber, String segment, String trunk,
            String selectedBy, String match) implements CallEvent {
    }

    /** The far end answered; the call is still in progress. */
    record Answered(UUID callId, CallReference reference, String channel, Instant at) implements CallEvent {
    }

    /** The carrier refused the set-up before the callee's phone rang: the call waits for another attempt. */
    record Retrying(UUID callId, CallReference reference, int attempts, Instant readyAt, String reason)
            implements CallEvent {
    }

    /**
     * The call is over ({@code didId}: the DID it dialled with, if it got one). {@code outcome}: a
     * {@link io.didpool.asterisk.CallStatus}'s, or NOT_PLACED (no call: no DID, trunk
     * closed), ERROR (refused before dialling) or INTERRUPTED (its instance died mid-call); {@code failed} says
     * whether the step it served failed.
     */
    record Ended(UUID callId, CallReference reference, UUID didId, DialOutcome outcome, boolean failed, String channel,
            String reason, int attempts, Instant at) implements CallEvent {
    }
}
