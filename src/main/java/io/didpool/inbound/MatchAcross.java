package io.didpool.inbound;

/** Which earlier calls a call to a DID may be a callback to: those from that DID, or from any of the tenant's. */
enum MatchAcross {
    /** Only calls whose caller ID was the DID called. */
    DID,
    /** Calls from any of the tenant's DIDs. */
    TENANT
}
