package io.didpool.allocation;

import java.util.List;
import java.util.UUID;

/**
 * What a call asks of rotation: a pinned DID ({@code didId}), else the next DID of {@code segment} and then of each
 * of {@code fallbackSegments} in order (the first with a usable DID serves), else the next of all the tenant's
 * selectable DIDs. {@code destination} is the number the call will dial (null when unknown, as for
 * {@code POST /allocate} without one): local presence and sticky caller ID choose from it.
 */
public record AllocationRequest(UUID didId, String segment, String destination, List<String> fallbackSegments) {

    public AllocationRequest {
        fallbackSegments = fallbackSegments == null ? List.of() : List.copyOf(fallbackSegments);
    }

    public AllocationRequest(UUID didId, String segment, String destination) {
        this(didId, segment, destination, List.of());
    }

    public static AllocationRequest pinned(UUID didId, String destination) {
        return new AllocationRequest(didId, null, destination);
    }

    public static AllocationRequest rotation(String segment, String destination) {
        return new AllocationRequest(null, segment, destination);
    }

    /** The segments to try, in order: the request's own, then its fallbacks (each once); null alone: the tenant's. */
    List<String> segments() {
        if (segment == null) {
            return java.util.Collections.singletonList(null);
        }
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        all.add(segment);
        all.addAll(fallbackSegments);
        return List.copyOf(all);
    }
}
