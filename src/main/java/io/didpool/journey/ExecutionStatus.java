package io.didpool.journey;

/** Where an execution is. QUEUED → RUNNING → COMPLETED or FAILED; nothing leaves COMPLETED or FAILED. */
enum ExecutionStatus {
    /** Accepted (202) and waiting in db-scheduler's table for a worker. */
    QUEUED,
    /** A worker is running its nodes. */
    RUNNING,
    /** Every node ran and none failed. */
    COMPLETED,
    /** A node failed (its step says why); the nodes after it did not run. */
    FAILED
}
