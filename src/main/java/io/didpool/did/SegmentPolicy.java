package io.didpool.did;

import java.math.BigDecimal;

/**
 * A segment's caller-ID policy as stored ({@code segment_policies}); what each setting does to the choice of a DID is
 * the allocation feature's. {@link #NONE} is the policy of a segment that has none: rotation exactly as without
 * policies (least used, no limits).
 *
 * @param localPresence        prefer DIDs of the destination's area code, then of its region, then any
 * @param maxCallsPerHour      most calls a DID of the segment takes in any rolling 60 minutes; null: no cap
 * @param maxCallsPerDay       most calls a DID of the segment takes in any rolling 24 hours; null: no cap
 * @param stickyDays           a destination called again within this many days gets the DID it got last time
 * @param restBelowAnswerRate  rest a DID whose answer rate over its last {@code healthWindowCalls} outcomes is below
 *                             this; null: never
 * @param healthWindowCalls    how many of a DID's last outcomes its answer rate is taken over
 * @param restHours            how long a DID rests once its answer rate fell below {@code restBelowAnswerRate}
 * @param localPresenceAcrossFallbacks with {@code localPresence}, on the first segment of a request: look for the
 *                             area code over this segment and the request's fallbacks in order, then for the region
 *                             over them, before any DID of them (needs {@code localPresence})
 */
public record SegmentPolicy(boolean localPresence, Integer maxCallsPerHour, Integer maxCallsPerDay, int stickyDays,
        BigDecimal restBelowAnswerRate, int healthWindowCalls, int restHours, boolean localPresenceAcrossFallbacks) {

    /** A policy that keeps local presence within its segment. */
    public SegmentPolicy(boolean localPresence, Integer maxCallsPerHour, Integer maxCallsPerDay, int stickyDays,
            BigDecimal restBelowAnswerRate, int healthWindowCalls, int restHours) {
        this(localPresence, maxCallsPerHour, maxCallsPerDay, stickyDays, restBelowAnswerRate, healthWindowCalls,
                restHours, false);
    }

    public static final int DEFAULT_HEALTH_WINDOW_CALLS = 50;
    public static final int DEFAULT_REST_HOURS = 24;

    public static final SegmentPolicy NONE = new SegmentPolicy(false, null, null, 0, null,
            DEFAULT_HEALTH_WINDOW_CALLS, DEFAULT_REST_HOURS);

    public boolean capped() {
        return maxCallsPerHour != null || maxCallsPerDay != null;
    }
}
