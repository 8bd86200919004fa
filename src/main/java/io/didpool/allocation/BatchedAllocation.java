package io.didpool.allocation;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;

/**
 * Allocation in a transaction of its own ({@code POST /allocate}, journeys): concurrent requests of a pool wait for
 * its {@link PoolDispatcher}, which runs them as one batch, one transaction per batch. The batch sends its COMMIT with
 * its write ({@link AllocationRepository#runAndCommit}), and a COMMIT that gets no answer leaves its uses to
 * {@link InDoubtCommits}.
 */
@Component
class BatchedAllocation implements DisposableBean {

    private final PoolBatch batches;
    private final InDoubtCommits inDoubt;
    private final AllocationProperties properties;
    private final ExecutorService dispatchers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "allocation-dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    private final PoolDispatcher.Registry<PoolBatch.Hint> pools;

    BatchedAllocation(PoolBatch batches, InDoubtCommits inDoubt, AllocationProperties properties) {
        this.batches = batches;
        this.inDoubt = inDoubt;
        this.properties = properties;
        this.pools = new PoolDispatcher.Registry<>(properties.maxBatch(), properties.linger(), dispatchers,
                this::allocateBatch);
    }

    /**
     * The outcome of one allocation of the pool going at most as far down its levels as {@code reach}, in the batch it
     * waited for (at most {@code waitMillis}).
     */
    Outcome allocate(Pool pool, String destination, Reach reach) {
        PoolDispatcher.Ticket ticket = pools.submit(pool, destination, reach);
        long waitMillis = properties.waitMillis();
        try {
            try {
                return ticket.result.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (ticket.abandon()) {
                    throw new AllocationTimeoutException("the database did not answer within " + waitMillis
                            + " ms; nothing was counted, try again", Duration.ofSeconds(1));
                }
                // Its batch is already in the database: its outcome decides, so that no use is counted unanswered.
                return ticket.result.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while allocating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How many pools have a dispatcher now (they exist only while requests of the pool are waiting). */
    int activePools() {
        return pools.size();
    }

    /**
     * One batch: one allocation per destination, of one pool, as one transaction ({@link PoolBatch#takeLocked}). Answers each
     * allocation's outcome in order: its DID as it was right after its own pick, or why the pool had nothing usable
     * for it. A batch whose write finds a DID changed
     * since its read (a pinned allocation, a rest, an operator's edit) is rolled back and run again with those DIDs
     * locked first; deadlocks with concurrent multi-row edits (imports) are retried.
     */
    private List<Outcome> allocateBatch(Pool pool, PoolDispatcher.Batch<PoolBatch.Hint> batch) {
        Set<UUID> lockFirst = new LinkedHashSet<>();
        int deadlocks = 0;
        for (int attempt = 1; ; attempt++) {
            boolean[] committing = new boolean[1];
            try {
                return inDoubt.inTransaction(counting -> {
                    List<Outcome> outcomes = batches.takeLocked(pool, batch, lockFirst, counting, true);
                    committing[0] = true;
                    return outcomes;
                });
            } catch (PoolBatch.StaleCandidates e) {
                if (attempt >= PoolBatch.STALE_ATTEMPTS) {
                    throw new ConcurrencyFailureException(e.getMessage());
                }
                lockFirst.addAll(e.ids);
            } catch (ConcurrencyFailureException e) {
                // before the COMMIT only: a batch whose COMMIT failed may have committed, and InDoubtCommits settles it
                if (++deadlocks == 3 || committing[0]) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void destroy() {
        dispatchers.shutdownNow();
    }
}
