package io.didpool.allocation;

import java.util.UUID;

/**
 * What a call asks of rotation: a pinned DID ({@code didId}), else the next DID of {@code segment}, else the next of
 * all the tenant's selectable DIDs. {@code destination} is the number the call will dial (null when unknown, as for
 * {@code POST /allocate} without one): choices that depend on who is called are made from it.
 */
public record AllocationRequest(UUID didId, String segment, String destination) {

    public static AllocationRequest pinned(UUID didId, String destination) {
        return new AllocationRequest(didId, null, destination);
    }

    public static AllocationRequest rotation(String segment, String destination) {
        return new AllocationRequest(null, segment, destination);
    }
}
