package io.didpool.allocation;

import io.didpool.did.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes the calls and sticky choices that no rule reads any more (calls older than 25 hours, sticky choices older
 * than 366 days), every 10 minutes on every instance: deleting rows another instance just deleted is harmless.
 */
@Component
@EnableScheduling
class CallHistoryPruning {

    private static final Logger log = LoggerFactory.getLogger(CallHistoryPruning.class);

    private final UsageStore usage;

    CallHistoryPruning(UsageStore usage) {
        this.usage = usage;
    }

    @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT10M")
    public void prune() {
        log.debug("Pruned {} old calls and sticky choices", usage.prune());
    }
}
