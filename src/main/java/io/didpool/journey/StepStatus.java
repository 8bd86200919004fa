package io.didpool.journey;

/** Where one node of an execution is. */
enum StepStatus {
    /** Started: the DID may be allocated, the call may be ringing. */
    RUNNING,
    /** The call was placed and Asterisk (or the dry run) gave its outcome. */
    COMPLETED,
    /** No call (nothing selectable, DID gone, dialer error) or a call that failed; {@code error} says why. */
    FAILED
}
