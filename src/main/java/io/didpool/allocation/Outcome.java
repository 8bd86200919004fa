package io.didpool.allocation;

import io.didpool.did.Did;
import io.didpool.did.UsageStore;

/**
 * What one allocation of a batch got: its DID (as right after its own pick) and the level that matched, or, when the
 * pool had nothing usable for it, why.
 */
record Outcome(Did did, Match match, UsageStore.Unusable refused) {

    static Outcome took(Did did, Match match) {
        return new Outcome(did, match, null);
    }

    static Outcome refused(UsageStore.Unusable why) {
        return new Outcome(null, null, why);
    }
}
