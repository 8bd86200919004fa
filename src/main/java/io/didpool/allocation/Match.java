package io.didpool.allocation;

/** Which level of the choice matched, for every DID chosen by rotation (a pinned DID has none). */
public enum Match {
    /** The DID this destination got last time. */
    STICKY,
    /** A DID of the destination's area code. */
    AREA_CODE,
    /** A DID of the destination's region (state or province). */
    REGION,
    /** Any DID of the pool, in rotation order. */
    ANY
}
