package io.didpool.allocation;

import io.didpool.did.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes the calls and sticky choices that no rule reads any more, on every instance (deleting rows another instance
 * just deleted is harmless): calls older than 25 hours every 10 minutes, with the changes of pools that its previous
 * run's snapshot saw (a batch's floors are read less than a minute before they are used,
 * {@link AllocationService.Hint}, so after a snapshot ten minutes old no floors in use missed them); sticky choices
 * older than 366 days once a day, since that scans their table.
 */
@Component
@EnableScheduling
class CallHistoryPruning {

    private static final Logger log = LoggerFactory.getLogger(CallHistoryPruning.class);

    private final UsageStore usage;
    /** The snapshot of the previous run. */
    private String seen;

    CallHistoryPruning(UsageStore usage) {
        this.usage = usage;
    }

    @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT10M")
    public void prune() {
        int pruned = usage.pruneCalls();
        if (seen != null) {
            pruned += usage.pruneChanges(seen);
        }
        seen = usage.snapshot();
        log.debug("Pruned {} old calls and changes of pools", pruned);
    }

    @Scheduled(initialDelayString = "PT1H", fixedDelayString = "PT24H")
    public void pruneStickyChoices() {
        log.debug("Pruned {} sticky choices older than a year", usage.pruneStickyChoices());
    }
}
