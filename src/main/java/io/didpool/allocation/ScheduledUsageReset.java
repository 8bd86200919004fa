package io.didpool.allocation;

import io.didpool.did.UsageStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Optional periodic usage reset of every tenant, on {@code didpool.allocation.reset-cron}
 * ({@code DIDPOOL_ALLOCATION_RESET_CRON}, a Spring cron expression; unset: never). Every instance fires; the
 * {@code usage_resets} row of the firing minute lets exactly one of them reset.
 */
@Component
@EnableScheduling
@ConditionalOnExpression("!'${didpool.allocation.reset-cron:}'.isBlank()")
class ScheduledUsageReset {

    private static final Logger log = LoggerFactory.getLogger(ScheduledUsageReset.class);

    private final AllocationRepository repository;
    private final UsageStore usage;

    ScheduledUsageReset(AllocationRepository repository, UsageStore usage) {
        this.repository = repository;
        this.usage = usage;
    }

    @Scheduled(cron = "${didpool.allocation.reset-cron}")
    @Transactional
    public void reset() {
        Instant firing = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MINUTES);
        if (repository.claimScheduledReset(firing)) {
            log.info("Scheduled usage reset: {} DIDs reset", usage.resetAllTenants());
        }
    }
}
