package io.didpool.allocation;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Optional periodic usage reset of every tenant, on {@code didpool.allocation.reset-cron}
 * ({@code DIDPOOL_ALLOCATION_RESET_CRON}, a Spring-style cron in the JVM's default time zone; unset: never). A
 * db-scheduler recurring task, so that each firing resets on exactly one instance.
 *
 * <p>db-scheduler keeps the next firing in {@code scheduled_tasks}; at each start it moves a firing that the cron no
 * longer gives to the cron's next one. The task is declared even without a cron, with db-scheduler's disabled
 * schedule, which removes a firing left from when it had one: a cron set again later starts from its next firing
 * instead of catching up one from back then. A firing due while no instance ran is reset when the first one starts:
 * nothing was counted in between. db-scheduler records a run after it: an instance that dies in between leaves the
 * firing to run again once it is found dead, which then only zeroes what was counted since.
 */
@Configuration(proxyBeanMethods = false)
class ScheduledUsageReset {

    static final String TASK = "usage-reset";

    /** db-scheduler's cron that never fires. */
    private static final String DISABLED = "-";

    private static final Logger log = LoggerFactory.getLogger(ScheduledUsageReset.class);

    @Bean
    RecurringTask<Void> usageResetTask(Housekeeping housekeeping, AllocationProperties properties) {
        String cron = properties.resetCron().isBlank() ? DISABLED : properties.resetCron();
        return new Reset(Schedules.cron(cron), housekeeping);
    }

    private static final class Reset extends RecurringTask<Void> {

        private final CronSchedule schedule;
        private final Housekeeping housekeeping;

        Reset(CronSchedule schedule, Housekeeping housekeeping) {
            super(TASK, schedule, Void.class);
            this.schedule = schedule;
            this.housekeeping = housekeeping;
        }

        /**
         * An instance without a cron may still pick a firing that an instance with one scheduled (instances started
         * with different settings): it does not reset, and removes the firing, since it cannot tell the next one.
         */
        @Override
        public CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
            if (schedule.isDisabled()) {
                log.warn("Scheduled usage reset of {} not run and removed: no reset cron is set on this instance",
                        context.getExecution().executionTime);
                return new CompletionHandler.OnCompleteRemove<>();
            }
            return super.execute(instance, context);
        }

        /**
         * Resets, unless the firing is not after the task's last success: only the row that V20 made of the last
         * firing of {@code usage_resets} is such, since db-scheduler schedules each next firing after the run that
         * completed. That firing was reset before the upgrade; db-scheduler then schedules the next one on the cron.
         */
        @Override
        public void executeRecurringly(TaskInstance<Void> instance, ExecutionContext context) {
            Execution firing = context.getExecution();
            if (firing.lastSuccess != null && !firing.executionTime.isAfter(firing.lastSuccess)) {
                log.info("Scheduled usage reset of {} was already done", firing.executionTime);
                return;
            }
            log.info("Scheduled usage reset of {}: {} DIDs reset", firing.executionTime,
                    housekeeping.resetAllTenants());
        }
    }
}
