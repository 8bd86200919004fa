package io.didpool.allocation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rotation's settings ({@code didpool.allocation.*}, or {@code DIDPOOL_ALLOCATION_*}).
 *
 * @param maxBatch   most allocations of one pool written in one transaction
 * @param waitMillis how long a caller waits for its batch to start before it gives up (nothing is counted then)
 * @param linger     how long after a batch's answers the next batch of the pool may wait for as many requests (the
 *                   callers answered asking again); 0: it never waits
 * @param resetCron  usage reset of every tenant on this Spring cron; blank: never
 */
@ConfigurationProperties("didpool.allocation")
record AllocationProperties(
        @DefaultValue("256") int maxBatch,
        @DefaultValue("10000") long waitMillis,
        @DefaultValue("1ms") Duration linger,
        @DefaultValue("") String resetCron) {
}
