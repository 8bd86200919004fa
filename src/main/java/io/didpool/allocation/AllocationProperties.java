package io.didpool.allocation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rotation's settings ({@code didpool.allocation.*}, or {@code DIDPOOL_ALLOCATION_*}).
 *
 * @param maxBatch   most allocations of one pool written in one transaction
 * @param waitMillis how long a caller waits for its batch to start before it gives up (nothing is counted then)
 * @param resetCron  usage reset of every tenant on this Spring cron; blank: never
 */
@ConfigurationProperties("didpool.allocation")
record AllocationProperties(
        @DefaultValue("256") int maxBatch,
        @DefaultValue("10000") long waitMillis,
        @DefaultValue("") String resetCron) {
}
