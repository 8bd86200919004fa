package io.didpool.allocation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Removes the calls, changes of pools and sticky choices that no rule reads any more: db-scheduler recurring tasks,
 * each run on one instance at a time. Calls older than 25 hours every 10 minutes, with the changes of pools that the
 * previous run's snapshot saw; sticky choices older than 366 days once a day, since that scans their table.
 *
 * <p>A batch's floors are used at most a minute after their read ({@link AllocationService.Hint}), so once a snapshot
 * ten minutes old saw a change, every read whose floors may still be used saw it too. Any instance may run the next
 * firing, so the snapshot is the task's data, in its {@code scheduled_tasks} row, not in an instance's memory.
 */
@Configuration(proxyBeanMethods = false)
class CallHistoryPruning {

    static final String CALLS_TASK = "call-history-pruning";
    static final String STICKY_CHOICES_TASK = "sticky-choice-pruning";

    private static final Logger log = LoggerFactory.getLogger(CallHistoryPruning.class);

    private final Housekeeping housekeeping;

    CallHistoryPruning(Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
    }

    @Bean
    RecurringTask<String> callHistoryPruningTask() {
        return Tasks.recurring(CALLS_TASK, Schedules.fixedDelay(Duration.ofMinutes(10)), String.class)
                .executeStateful((instance, context) -> prune(instance.getData()));
    }

    @Bean
    RecurringTask<Void> stickyChoicePruningTask() {
        return Tasks.recurring(STICKY_CHOICES_TASK, Schedules.fixedDelay(Duration.ofDays(1)))
                .execute((instance, context) -> pruneStickyChoices());
    }

    /**
     * Prunes the old calls and the changes of pools that {@code seen} (the previous run's snapshot; null: none yet)
     * saw; answers the snapshot for the next run.
     */
    String prune(String seen) {
        int pruned = housekeeping.pruneCalls();
        if (seen != null) {
            pruned += housekeeping.pruneChanges(seen);
        }
        log.debug("Pruned {} old calls and changes of pools", pruned);
        return housekeeping.snapshot();
    }

    void pruneStickyChoices() {
        log.debug("Pruned {} sticky choices older than a year", housekeeping.pruneStickyChoices());
    }
}
