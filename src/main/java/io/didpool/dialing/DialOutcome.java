package io.didpool.dialing;

import io.didpool.asterisk.CallStatus;
import java.util.Optional;

/**
 * How a call of the dial queue ended: the {@code calls.outcome} column. What Asterisk reported of a placed call
 * (a {@link CallStatus} of the same name), or why there was no such report.
 */
public enum DialOutcome {
    ANSWERED(CallStatus.ANSWERED),
    NO_ANSWER(CallStatus.NO_ANSWER),
    BUSY(CallStatus.BUSY),
    CONGESTION(CallStatus.CONGESTION),
    FAILED(CallStatus.FAILED),
    DRY_RUN(CallStatus.DRY_RUN),
    /** No call: no DID for it, or its DID's trunk is closed to its tenant. */
    NOT_PLACED(null),
    /** Refused before dialling (a value that may not reach Asterisk), or the dialer failed unexpectedly. */
    ERROR(null),
    /** The instance dialling it stopped before its end was known; never dialled again. */
    INTERRUPTED(null),
    /** Not dialled: its destination was on the tenant's do-not-call list when the dialer claimed it. */
    SUPPRESSED(null);

    private final CallStatus status;

    DialOutcome(CallStatus status) {
        this.status = status;
    }

    /** What Asterisk's report of a placed call records. */
    static DialOutcome of(CallStatus status) {
        // exhaustive: a new CallStatus does not compile until it has its outcome
        return switch (status) {
            case ANSWERED -> ANSWERED;
            case NO_ANSWER -> NO_ANSWER;
            case BUSY -> BUSY;
            case CONGESTION -> CONGESTION;
            case FAILED -> FAILED;
            case DRY_RUN -> DRY_RUN;
        };
    }

    /** The outcome a column holds; one this code does not know fails loudly rather than pass for another. */
    static DialOutcome of(String column) {
        return valueOf(column);
    }

    /** What Asterisk said of the call; empty when no call was placed or its end is unknown. */
    public Optional<CallStatus> callStatus() {
        return Optional.ofNullable(status);
    }

    /** Whether the journey step the call served failed: unless a call was placed and ended normally. */
    boolean failsStep() {
        return status == null || status == CallStatus.FAILED;
    }

    /** The outcome as an SQL literal, for a statement's text (like {@link CallState#sql}). */
    String sql() {
        return "'" + name() + "'";
    }
}
