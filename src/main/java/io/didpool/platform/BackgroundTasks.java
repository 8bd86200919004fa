package io.didpool.platform;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the recurring tasks that features declare as {@link RecurringTask} beans with db-scheduler, on didpool's own
 * PostgreSQL (its {@code scheduled_tasks} table): every instance runs a scheduler, and each firing of a task runs on
 * exactly one of them. A new scheduler is built at each start, because a stopped db-scheduler cannot start again and
 * Spring may stop and restart a context's lifecycle (tests pause cached contexts that way). A db-scheduler
 * {@link Clock} bean, if there is one, is the tasks' time: tests move it to a firing instead of waiting for it.
 */
@Component
class BackgroundTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundTasks.class);

    private final DataSource dataSource;
    private final List<RecurringTask<?>> tasks;
    private final ObjectProvider<Clock> clock;
    private volatile Scheduler scheduler;

    BackgroundTasks(DataSource dataSource, List<RecurringTask<?>> tasks, ObjectProvider<Clock> clock) {
        this.dataSource = dataSource;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (tasks.isEmpty()) {
            return;
        }
        SchedulerBuilder builder = Scheduler.create(dataSource)
                .startTasks(tasks)
                .schedulerName(new SchedulerName.Fixed("didpool/" + ProcessHandle.current().pid() + "/"
                        + UUID.randomUUID().toString().substring(0, 8)))
                .threads(2)
                .pollingInterval(Duration.ofSeconds(1));
        clock.ifAvailable(builder::clock);
        Scheduler started = builder.build();
        started.start();
        scheduler = started;
        log.info("Background tasks: {}", tasks.stream().map(RecurringTask::getName).toList());
    }

    @Override
    public void stop() {
        Scheduler current = scheduler;
        scheduler = null;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
