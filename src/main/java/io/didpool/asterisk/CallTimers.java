package io.didpool.asterisk;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of every call's timeouts (no OriginateResponse, outcome grace, maximum call duration, the dry
 * run's simulated durations): a single daemon thread, whatever the number of calls in progress. A cancelled task
 * leaves its queue at once, since a call that ends long before its 2-hour limit would otherwise leave that task queued.
 */
final class CallTimers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallTimers.class);

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "didpool-call-timers");
        thread.setDaemon(true);
        return thread;
    });

    CallTimers() {
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs {@code task} after {@code delay}; an exception it throws is logged (the executor would swallow it). Once
     * closed (the service is stopping, while Asterisk may still report calls), the task is dropped.
     */
    Future<?> after(Duration delay, Runnable task) {
        try {
            return executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("A call timer failed", e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("Call timer dropped: the dialer is stopping");
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Tasks waiting to run: one per call in progress at most. */
    int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
