package io.didpool.dialinglimits;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deletes the recorded attempts that no limit counts any more (older than 25 hours: the 24-hour window and an hour's
 * margin for clocks): a db-scheduler recurring task every 10 minutes, each run on one instance.
 */
@Configuration(proxyBeanMethods = false)
class ContactAttemptPruning {

    static final String TASK = "contact-attempt-pruning";

    private static final Logger log = LoggerFactory.getLogger(ContactAttemptPruning.class);

    private final DialingLimitsRepository attempts;

    ContactAttemptPruning(DialingLimitsRepository attempts) {
        this.attempts = attempts;
    }

    @Bean
    RecurringTask<Void> contactAttemptPruningTask() {
        return Tasks.recurring(TASK, Schedules.fixedDelay(Duration.ofMinutes(10)))
                .execute((instance, context) -> prune());
    }

    int prune() {
        int pruned = attempts.pruneAttempts();
        log.debug("Pruned {} contact attempts older than 25 hours", pruned);
        return pruned;
    }
}
