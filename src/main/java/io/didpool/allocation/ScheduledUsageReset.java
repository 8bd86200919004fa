package io.didpool.allocation;

import io.didpool.did.UsageStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Optional periodic usage reset of every tenant, on {@code didpool.allocation.reset-cron}
 * ({@code DIDPOOL_ALLOCATION_RESET_CRON}, a Spring cron expression; unset: never). Every instance fires; the
 * {@code usage_resets} row of the firing (its time on the cron's schedule) lets exactly one of them reset.
 */
@Component
@EnableScheduling
@ConditionalOnExpression("!'${didpool.allocation.reset-cron:}'.isBlank()")
class ScheduledUsageReset {

    private static final Logger log = LoggerFactory.getLogger(ScheduledUsageReset.class);

    private final AllocationRepository repository;
    private final UsageStore usage;
    private final CronExpression cron;

    ScheduledUsageReset(AllocationRepository repository, UsageStore usage, AllocationProperties properties) {
        this.repository = repository;
        this.usage = usage;
        this.cron = CronExpression.parse(properties.resetCron());
    }

    @Scheduled(cron = "${didpool.allocation.reset-cron}")
    @Transactional
    public void reset() {
        Instant firing = firing(Instant.now());
        if (repository.claimScheduledReset(firing)) {
            log.info("Scheduled usage reset of {}: {} DIDs reset", firing, usage.resetAllTenants());
        }
    }

    /**
     * The time on the cron's schedule that a firing at {@code now} is for: the nearest one, so that every instance
     * names the same firing although their schedulers run a little early or late (and a cron of every few seconds
     * gets a reset per firing, not one per minute).
     */
    Instant firing(Instant now) {
        ZonedDateTime at = now.atZone(ZoneId.systemDefault());
        ZonedDateTime next = cron.next(at);
        if (next == null) {
            return now;
        }
        // Walk the schedule from at least one whole period back up to now: the last time at or before now.
        ZonedDateTime afterNext = cron.next(next);
        Duration period = afterNext == null ? Duration.ZERO : Duration.between(next, afterNext);
        ZonedDateTime previous = null;
        for (ZonedDateTime t = cron.next(at.minus(max(period, Duration.ofMinutes(1)))); t != null && !t.isAfter(at);
                t = cron.next(t)) {
            previous = t;
        }
        if (previous == null || Duration.between(previous, at).compareTo(Duration.between(at, next)) > 0) {
            return next.toInstant();
        }
        return previous.toInstant();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
