package io.didpool.dialing;

/** Why a queued call waits past now (the column {@code calls.waiting_reason}; the API's {@code waitingFor.reason}). */
public enum WaitReason {
    /** Its destination is outside its calling hours in at least one of its time zones. */
    CALLING_HOURS,
    /** Its number has had the tenant's limit of calls in the last 24 hours. */
    ATTEMPT_LIMIT,
    /** A recycled attempt (a campaign's recycle rule): it waits for its delay after the contact's last call. */
    RECYCLE;

    String sql() {
        return "'" + name() + "'";
    }
}
