package io.didpool.allocation;

import java.time.Instant;
import java.util.UUID;

/**
 * A DID as rotation sees it: its place in the pool's order ({@code rank}, 0 first), what the batch's write checks
 * is unchanged ({@code usageCount}, {@code lastUsedAt}, {@code number}), its area code and region, and its calls
 * in the last hour and day with the caps that apply to it (null: none). The calls are exact where its row knows
 * them or the batch's allocations could bring the DID to a cap, and otherwise upper bounds that the batch cannot
 * take to a cap (V13): rotation decides on them as it would on exact counts.
 */
record Candidate(UUID id, int rank, long usageCount, Instant lastUsedAt, String number, String areaCode,
        String region, long callsLastHour, long callsLastDay, Integer maxCallsPerHour, Integer maxCallsPerDay) {

    /** Whether {@code more} calls now would keep it within its caps. */
    boolean underCaps(int more) {
        return Caps.under(callsLastHour, callsLastDay, maxCallsPerHour, maxCallsPerDay, more);
    }
}
