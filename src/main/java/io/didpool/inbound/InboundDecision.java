package io.didpool.inbound;

/**
 * What didpool decided for a call to a DID, in the order the routing tries them (the first that applies wins). Each
 * but {@link #FALLBACK} is also the dialplan variable {@code DIDPOOL_DECISION}.
 */
enum InboundDecision {
    /** The caller was called from this DID (or the tenant's) within the look-back: its journey's or campaign's route. */
    CALLBACK,
    /** The DID's segment's inbound route. */
    SEGMENT,
    /** The tenant's default inbound route. */
    DEFAULT,
    /** The tenant's number, and no route applies: refused (busy). */
    NO_ROUTE,
    /** No tenant's DID: refused (unallocated number). */
    UNKNOWN_NUMBER,
    /** A DID of several tenants: refused, so that it never reaches the wrong tenant. */
    AMBIGUOUS,
    /**
     * didpool could not decide within its time limit (the database did not answer): it answered nothing, and the
     * dialplan's static fallback route took the call. Only in the record; Asterisk sees no decision.
     */
    FALLBACK;

    /** Whether the call goes somewhere on this decision (otherwise the dialplan refuses it). */
    boolean routes() {
        return this == CALLBACK || this == SEGMENT || this == DEFAULT;
    }
}
