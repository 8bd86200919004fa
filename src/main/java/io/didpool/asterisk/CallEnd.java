package io.didpool.asterisk;

import java.time.Instant;

/**
 * When and why a placed call ended. {@code hangupCause} is the Q.850 cause of Asterisk's Hangup event for the call's
 * channel when one was seen (16 normal clearing, 17 busy, 19 no answer, 34 congestion; 0 when the far end's BYE gave
 * none), else null; {@code reason} says it in words.
 */
public record CallEnd(Instant at, Kind kind, Integer hangupCause, String reason) {

    public enum Kind {
        /** The answered call's channel hung up: Asterisk's Hangup event for it. */
        HANGUP,
        /** The call was never answered (or never placed): it ended with its outcome. */
        NOT_ANSWERED,
        /** Answered, and not reported ended within {@code didpool.asterisk.max-call-duration}: didpool hung it up. */
        MAX_DURATION,
        /** The AMI link to Asterisk was lost while the call was in progress: its end is unknown. */
        LINK_LOST,
        /** The dry-run dialer's call: nothing was placed. */
        DRY_RUN
    }
}
