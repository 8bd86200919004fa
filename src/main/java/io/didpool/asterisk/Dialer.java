package io.didpool.asterisk;

/**
 * Places outbound calls through Asterisk. Two implementations: the AMI dialer (when {@code DIDPOOL_AMI_HOST} is set)
 * and the dry-run dialer, which records the exact Originate it would have sent and answers {@link CallStatus#DRY_RUN}.
 */
public interface Dialer {

    /**
     * Places the call as one AMI Originate and waits, for a bounded time, for its outcome. Never throws for a call
     * that Asterisk refused or that failed: that is an outcome. Throws {@link IllegalArgumentException} for a value
     * that may not reach an AMI action (checked before anything is sent).
     */
    CallOutcome call(OutboundCall call);
}
