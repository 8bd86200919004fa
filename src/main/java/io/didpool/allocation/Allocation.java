package io.didpool.allocation;

import io.didpool.did.Did;

/** A DID taken for one call, with its use already counted. */
public record Allocation(Did did, SelectedBy selectedBy) {
}
