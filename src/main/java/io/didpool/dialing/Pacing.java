package io.didpool.dialing;

import java.time.Duration;
import java.time.Instant;

/**
 * The pace of one trunk: set-ups spaced evenly, {@code interval} apart, at {@code (1 − headroom) × callsPerSecond}.
 *
 * <p>Why that keeps every one-second window at the carrier within the limit: consecutive slots are never closer than
 * {@code interval} (a slot handed out late starts no earlier than the one after the previous), and an Originate
 * leaves no earlier than its slot and no later than {@code maxLateness} after it (a call that would leave later takes
 * another slot). So any window of one second holds at most {@code floor((1 s + maxLateness) / interval) + 1}
 * set-ups; with the defaults (6 % headroom, 40 ms lateness) that is at most the limit for every whole number of calls
 * per second. {@code catchUp} (below the lateness) lets a trunk whose slots were handed out a little late keep its
 * pace. A fractional limit is a rate: 0.5 is one set-up every 2 s.
 */
record Pacing(long intervalNanos, long catchUpNanos, long lookaheadNanos) {

    static Pacing of(double callsPerSecond, DialingProperties properties) {
        double rate = callsPerSecond * (1 - properties.headroom());
        return new Pacing(Math.round(1e9 / rate), properties.catchUp().toNanos(), properties.lookahead().toNanos());
    }

    /**
     * The slots to hand out now, given the trunk's next free slot and the database's clock: those due before
     * {@code now + lookahead}, at most {@code max}. Empty (with the time to look again) when none is due yet.
     */
    Slots due(Instant nextSlot, Instant now, int max) {
        Instant first = later(nextSlot, now.minusNanos(catchUpNanos));
        long room = Duration.between(first, now.plusNanos(lookaheadNanos)).toNanos();
        if (room < 0 || max <= 0) {
            return new Slots(first, 0, first.minusNanos(lookaheadNanos));
        }
        int count = (int) Math.min(max, 1 + room / intervalNanos);
        return new Slots(first, count, null);
    }

    /** The slot after {@code count} slots handed out from {@code first}. */
    Instant after(Instant first, int count) {
        return first.plusNanos(count * intervalNanos);
    }

    Instant slot(Instant first, int index) {
        return first.plusNanos(index * intervalNanos);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** {@code count} slots from {@code first}, {@code intervalNanos} apart; when none, when to look again. */
    record Slots(Instant first, int count, Instant lookAgainAt) {
    }
}
