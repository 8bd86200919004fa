package io.didpool.inbound;

/** Which earlier calls a callback can answer: those from the DID called, or from any of the tenant's DIDs. */
public enum MatchAcross {
    DID, TENANT
}
