package io.didpool.asterisk;

/** Outcomes of an originated call. */
public enum CallStatus {
    ANSWERED,
    NO_ANSWER,
    BUSY,
    CONGESTION,
    FAILED,
    /** No AMI host configured: nothing was sent. */
    DRY_RUN
}
