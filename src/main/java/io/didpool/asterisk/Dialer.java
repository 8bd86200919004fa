package io.didpool.asterisk;

/**
 * Places outbound calls through Asterisk. Two implementations: the AMI dialer (when {@code DIDPOOL_AMI_HOST} is set)
 * and the dry-run dialer, which records the exact Originate it would have sent and answers {@link CallStatus#DRY_RUN}.
 */
public interface Dialer {

    /**
     * Sends the call as one asynchronous AMI Originate and returns at once: no thread waits for the call, its outcome
     * and end complete the returned futures. Never throws for a call that Asterisk refused or that could not be sent
     * (the AMI link is down): that is a {@link CallStatus#FAILED} outcome, completed before this returns. Throws
     * {@link IllegalArgumentException} for a value that may not reach an AMI action, or a call id already in progress,
     * before anything is sent.
     */
    PlacedCall place(OutboundCall call);
}
