package io.didpool.allocation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a batch read: every candidate once, in rotation order, and which part each came from (the ids of the
 * rows read for each area code and region beyond the head, and the DID each destination got last time), how many
 * rows of each area code and region were asked for ({@code areaLimits}, {@code regionLimits}: fewer than the
 * read asked where destinations keep their sticky DIDs, 0 for a level not read), and the floors of its levels for
 * the pool's next read (null if the pool has no DID in a selectable status).
 */
record Candidates(List<Candidate> all, Set<UUID> head, Map<String, Set<UUID>> areaCodeRows,
        Map<String, Set<UUID>> regionRows, Map<String, Integer> areaLimits, Map<String, Integer> regionLimits,
        Map<String, UUID> sticky, Floors floors) {
}
