package io.didpool.journey;

import java.util.Arrays;

/** Where one node of an execution is. */
enum StepStatus {
    /**
     * Its call is queued and may not start yet: outside the callee's calling hours, over the tenant's attempt limit,
     * or a recycled attempt before its delay has passed (the step's {@code waitingFor} says which, and until when).
     * Shown, never stored: the step is recorded when the call starts.
     */
    WAITING,
    /** Its call has a set-up slot: the DID may be chosen, the call may be ringing or in progress. */
    RUNNING,
    /** The call was placed and ended (answered, no answer, busy, or refused by the carrier at every attempt). */
    COMPLETED,
    /** No call (nothing selectable, DID gone, trunk closed, dialer error), a call that failed, or interrupted. */
    FAILED;

    /** The statuses a step is stored in ({@link #WAITING} is only shown). */
    static StepStatus[] stored() {
        return Arrays.stream(values()).filter(s -> s != WAITING).toArray(StepStatus[]::new);
    }
}
