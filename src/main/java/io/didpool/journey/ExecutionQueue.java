package io.didpool.journey;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The durable queue of executions: db-scheduler one-time tasks in PostgreSQL ({@code scheduled_tasks}, V6).
 *
 * <p>Queuing joins the caller's transaction (the scheduler sees the DataSource through a transaction-aware proxy), so
 * an execution row and its task commit together or not at all. Every instance polls the same table; db-scheduler
 * takes each due task with {@code SELECT … FOR UPDATE SKIP LOCKED} and marks it picked, so one instance runs it. A
 * task stays in the table until its run ends: an instance that stops or dies loses nothing; a run whose instance
 * stopped heart-beating is revived by another (see {@link ExecutionRunner} for why that never dials twice).
 *
 * <p>Queuing goes through a {@link SchedulerClient}, which works whether or not this instance runs a worker; the
 * worker is a {@link Scheduler} built anew at each start, because a stopped db-scheduler cannot be started again and
 * Spring may stop and restart a context's lifecycle (tests pause cached contexts that way).
 */
@Component
class ExecutionQueue implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExecutionQueue.class);
    static final String TASK = "journey-execution";

    private final OneTimeTask<Void> task;
    private final DataSource dataSource;
    private final SchedulerClient client;
    private final JourneyProperties properties;
    private final String workerName;
    private volatile Scheduler worker;

    ExecutionQueue(DataSource dataSource, ExecutionRunner runner, JourneyProperties properties) {
        this.properties = properties;
        this.workerName = workerName();
        this.task = Tasks.oneTime(TASK)
                // Only an infrastructure failure (database gone) gets here: the runner records node failures itself.
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                .execute((instance, context) -> runner.run(UUID.fromString(instance.getId()), workerName));
        this.dataSource = new TransactionAwareDataSourceProxy(dataSource);
        this.client = SchedulerClient.Builder.create(this.dataSource, task).build();
    }

    private Scheduler newWorker() {
        return Scheduler.create(dataSource, task)
                .schedulerName(new SchedulerName.Fixed(workerName))
                .threads(properties.threads())
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(properties.heartbeat())
                .shutdownMaxWait(properties.shutdownMaxWait())
                .pollUsingLockAndFetch(0.5, 1.0)
                .build();
    }

    /** Queues the execution in the current transaction; this instance's worker looks at once after the commit. */
    void enqueue(UUID executionId) {
        client.schedule(task.instance(executionId.toString()), Instant.now());
        Scheduler current = worker;
        if (current != null && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    current.triggerCheckForDueExecutions();
                }
            });
        }
    }

    @Override
    public void start() {
        if (properties.worker()) {
            Scheduler started = newWorker();
            started.start();
            worker = started;
            log.info("Journey executions: worker {} started with {} threads", workerName, properties.threads());
        } else {
            log.info("Journey executions: this instance queues executions but does not run them"
                    + " (didpool.journeys.worker=false)");
        }
    }

    /** Stops taking work and waits (up to shutdownMaxWait) for running executions; queued ones stay queued. */
    @Override
    public void stop() {
        Scheduler current = worker;
        if (current != null) {
            worker = null;
            current.stop();
            log.info("Journey executions: worker {} stopped", workerName);
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private static String workerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
