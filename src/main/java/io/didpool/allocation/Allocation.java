package io.didpool.allocation;

import io.didpool.did.Did;

/**
 * A DID taken for one call, with its use already counted: how it was chosen ({@code selectedBy}), the segment it came
 * from and the level of the choice that matched ({@code match}, null for a pinned DID).
 */
public record Allocation(Did did, SelectedBy selectedBy, String segment, Match match) {
}
