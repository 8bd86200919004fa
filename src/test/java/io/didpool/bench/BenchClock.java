package io.didpool.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A service clock for benchmarks: the system clock's pace from wherever it was last {@link #set}. One is shared by
 * every instance of a run (as {@code OwnClock} gives the tests theirs), so that they agree to the nanosecond.
 */
final class BenchClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    /** From now on the clock reads {@code now}, and runs on. */
    void set(Instant now) {
        offset = Duration.between(Instant.now(), now);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is read as instants");
    }
}
