package io.didpool.journey;

/**
 * Where an execution is. QUEUED → RUNNING → COMPLETED or FAILED; QUEUED (or RUNNING while its next call waits) →
 * CANCELLED when its campaign is cancelled; QUEUED or RUNNING → SUPPRESSED when its contact is on the tenant's
 * do-not-call list (when queued, or when its call is claimed). Nothing leaves COMPLETED, FAILED, CANCELLED or
 * SUPPRESSED.
 */
public enum ExecutionStatus {
    /** Accepted (202): its first call waits for a set-up slot of its trunk. */
    QUEUED,
    /** Its first call got a slot: a node is calling, or its next call waits. */
    RUNNING,
    /** Every node ran and none failed. */
    COMPLETED,
    /** A node failed (its step says why); the nodes after it did not run. */
    FAILED,
    /** Its campaign was cancelled before its call started. */
    CANCELLED,
    /** Its contact is on the tenant's do-not-call list: never dialled (its error says "suppressed: reason"). */
    SUPPRESSED
}
