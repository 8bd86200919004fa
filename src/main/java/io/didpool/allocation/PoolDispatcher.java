package io.didpool.allocation;

import io.didpool.did.Did;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Group commit for one pool on this instance: requests that arrive while a batch is in the database wait in a
 * queue and go together in the next batch, so that N concurrent calls cost one short transaction instead of N
 * contended ones. At most one batch of a pool runs at a time here; across instances the advisory lock orders them.
 */
final class PoolDispatcher {

    /** A request waiting for a DID. A caller that gives up before its batch starts is dropped, never counted. */
    static final class Ticket {
        private static final int WAITING = 0;
        private static final int TAKEN = 1;
        private static final int ABANDONED = 2;

        final CompletableFuture<Did> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(WAITING);

        boolean abandon() {
            return state.compareAndSet(WAITING, ABANDONED);
        }

        private boolean take() {
            return state.compareAndSet(WAITING, TAKEN);
        }
    }

    private final Pool pool;
    private final int maxBatch;
    private final Executor executor;
    private final BiFunction<Pool, Integer, List<Did>> allocateBatch;
    private final Queue<Ticket> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    PoolDispatcher(Pool pool, int maxBatch, Executor executor, BiFunction<Pool, Integer, List<Did>> allocateBatch) {
        this.pool = pool;
        this.maxBatch = maxBatch;
        this.executor = executor;
        this.allocateBatch = allocateBatch;
    }

    Ticket submit() {
        Ticket ticket = new Ticket();
        waiting.add(ticket);
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
        return ticket;
    }

    private void drain() {
        do {
            try {
                List<Ticket> batch;
                while (!(batch = nextBatch()).isEmpty()) {
                    run(batch);
                }
            } finally {
                running.set(false);
            }
            // A request queued after the last poll but before the flag dropped found the flag still set and
            // started nobody: look again, and carry on if no other drain has taken over.
        } while (!waiting.isEmpty() && running.compareAndSet(false, true));
    }

    private List<Ticket> nextBatch() {
        List<Ticket> batch = new ArrayList<>();
        Ticket t;
        while (batch.size() < maxBatch && (t = waiting.poll()) != null) {
            if (t.take()) {
                batch.add(t);
            }
        }
        return batch;
    }

    private void run(List<Ticket> batch) {
        List<Did> dids;
        try {
            dids = allocateBatch.apply(pool, batch.size());
        } catch (RuntimeException e) {
            batch.forEach(t -> t.result.completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            // Fewer DIDs than tickets only when the pool is empty: the batch then took nothing at all.
            if (i < dids.size()) {
                batch.get(i).result.complete(dids.get(i));
            } else {
                batch.get(i).result.complete(null);
            }
        }
    }
}
