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

    /** One pool to try ({@code segment}, null: the tenant's) and how far down its levels ({@link Reach}). */
    record Attempt(String segment, Reach reach) {
    }

    /**
     * The pools to try, in order: {@link #segments()}, each to any DID; with fallbacks and a destination with an area
     * code, the first segment with {@link Reach#FIRST_OF_FALLBACKS}, whose policy may ask for
     * {@link #acrossFallbacks()} instead.
     */
    List<Attempt> attempts() {
        List<String> segments = segments();
        boolean spread = segments.size() > 1 && io.didpool.did.NanpGeography.areaCode(destination) != null;
        List<Attempt> attempts = new java.util.ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            attempts.add(new Attempt(segments.get(i), i == 0 && spread ? Reach.FIRST_OF_FALLBACKS : Reach.ANY));
        }
        return attempts;
    }

    /**
     * What follows a first segment that passed on because its policy spreads local presence across fallbacks (it
     * found no DID of the destination's area code): the area code over the fallbacks, then the region over the
     * segment and its fallbacks (when the area code has a region), then any DID over them, each in order.
     */
    List<Attempt> acrossFallbacks() {
        List<String> segments = segments();
        List<Attempt> attempts = new java.util.ArrayList<>(segments.size() * 3);
        segments.subList(1, segments.size()).forEach(s -> attempts.add(new Attempt(s, Reach.AREA_CODE)));
        if (io.didpool.did.NanpGeography.region(io.didpool.did.NanpGeography.areaCode(destination)) != null) {
            segments.forEach(s -> attempts.add(new Attempt(s, Reach.REGION)));
        }
        segments.forEach(s -> attempts.add(new Attempt(s, Reach.ANY)));
        return attempts;
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
