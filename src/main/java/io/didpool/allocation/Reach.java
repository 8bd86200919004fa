package io.didpool.allocation;

import io.didpool.did.SegmentPolicy;

/**
 * How far down the levels of a pool one allocation of a batch may go. Today's rotation is {@link #ANY}; a request
 * whose first segment's policy has {@code localPresenceAcrossFallbacks} looks for its destination's area code over the
 * segment and its fallbacks first ({@link #AREA_CODE}), then for its region over them ({@link #REGION}), and only then
 * for any DID ({@link #ANY}), each time segment then fallbacks, in order ({@link AllocationRequest#attempts}).
 */
enum Reach {
    /** Every level: sticky, area code and region with local presence, then any DID. */
    ANY,
    /** Sticky, then the destination's area code (local presence whatever the pool's policy); nothing else. */
    AREA_CODE,
    /** Sticky, then the area code, then the region (local presence whatever the pool's policy); nothing else. */
    REGION,
    /**
     * The first segment of a request with fallbacks and a destination with an area code: {@link #AREA_CODE} when the
     * pool's policy spreads local presence across fallbacks, else {@link #ANY} (today's rotation, unchanged).
     */
    FIRST_OF_FALLBACKS;

    /** The reach under the pool's policy. */
    Reach under(SegmentPolicy policy) {
        if (this != FIRST_OF_FALLBACKS) {
            return this;
        }
        return policy.localPresence() && policy.localPresenceAcrossFallbacks() ? AREA_CODE : ANY;
    }

    /** Whether the destination's area code (and region) are looked for, under a policy and this (resolved) reach. */
    boolean local(SegmentPolicy policy) {
        return this != ANY || policy.localPresence();
    }
}
