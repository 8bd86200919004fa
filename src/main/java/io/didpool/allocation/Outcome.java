package io.didpool.allocation;

import io.didpool.did.Did;

/**
 * What one allocation of a batch got: its DID (as right after its own pick) and the level that matched, or, when the
 * pool had nothing usable for it, why.
 */
record Outcome(Did did, Match match, RefusalCounts.Unusable refused) {

    static Outcome took(Did did, Match match) {
        return new Outcome(did, match, null);
    }

    static Outcome refused(RefusalCounts.Unusable why) {
        return new Outcome(null, null, why);
    }

    /**
     * Whether the allocation found nothing within its {@link Reach} and passes on to the request's next pool (no DID
     * and no refusal).
     */
    boolean passedOn() {
        return did == null && refused == null;
    }

    /** The allocation it makes from {@code pool}: a segment's, or the tenant's (then from the DID's segment). */
    Allocation allocation(Pool pool) {
        return new Allocation(did, pool.tenantWide() ? SelectedBy.DEFAULT : SelectedBy.SEGMENT,
                pool.tenantWide() ? did.segment() : pool.segment(), match);
    }
}
