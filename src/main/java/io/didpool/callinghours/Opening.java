package io.didpool.callinghours;

import java.time.Instant;

/**
 * When a call to one destination may start. {@code opensAt}: the first instant at or after the time asked about
 * when the destination is inside its window in every one of its time zones (the time asked about itself when it is
 * inside now); {@code closesAt}: when that stretch ends (null: it does not end within the horizon searched);
 * {@code timeZone}: the zone whose window decided {@code opensAt} (the one a waiting call is shown waiting for).
 * {@code refusal} (then the others are null): the destination may never be called under these hours, and why.
 */
public record Opening(Instant opensAt, Instant closesAt, String timeZone, String refusal) {

    public static Opening refused(String why) {
        return new Opening(null, null, null, why);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
