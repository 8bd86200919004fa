package io.didpool.allocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * Group commit for one pool on this instance: requests that arrive while a batch is in the database wait in a
 * queue and go together in the next batch, so that N concurrent calls cost one short transaction instead of N
 * contended ones. At most one batch of a pool runs at a time here; across instances the advisory lock orders them.
 * A batch takes its requests from the queue as late as it can: once it holds that lock, so that the requests that
 * arrive while it waits for it (another instance's batch, or the round trip itself) go with it rather than wait for
 * one more batch; or, when it sends statements that need them with the lock, just before. If fewer are waiting then
 * than the previous batch answered, it lingers for them, up to {@code linger} after those answers (and with none
 * waiting, the dispatcher lingers for the first before it leaves): callers that ask again as soon as they are
 * answered come back within a fraction of a millisecond, and one that missed the batch would wait for a whole batch
 * more.
 *
 * <p>Each batch may leave a hint for the next batch of its pool here, which that batch may guess by but must check
 * (AllocationService leaves the pool's rules, to send its read with the lock).
 *
 * <p>A dispatcher exists only while its pool has requests: it is created by the first request of a burst and leaves
 * the registry when its queue is empty, so that no object per pool outlives its use (pools are named by tenants: a
 * registry that kept them would grow with every segment name ever asked for).
 */
final class PoolDispatcher<H> {

    private static final long LINGER_STEP_NANOS = 50_000;

    /**
     * A request waiting for a DID, for a call to {@code destination} (null: unknown). A caller that gives up before
     * its batch starts is dropped, never counted.
     */
    static final class Ticket {
        private static final int WAITING = 0;
        private static final int TAKEN = 1;
        private static final int ABANDONED = 2;

        final String destination;
        final Reach reach;
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(WAITING);

        Ticket(String destination, Reach reach) {
            this.destination = destination;
            this.reach = reach;
        }

        boolean abandon() {
            return state.compareAndSet(WAITING, ABANDONED);
        }

        private boolean take() {
            return state.compareAndSet(WAITING, TAKEN);
        }
    }

    /** A batch as {@code allocateBatch} gets it. */
    interface Batch<H> {

        /**
         * Its destinations: the requests are taken from the queue at the first call (after the linger), and the
         * same answered at every later call.
         */
        List<String> destinations();

        /** How far down the pool's levels each allocation may go, in the order of {@link #destinations()}. */
        default List<Reach> reaches() {
            return LeastUsedRotation.anyReach(destinations());
        }

        /** What the previous batch of the pool here left for this one (null: nothing). */
        H hint();

        /** Leaves {@code hint} for the next batch of the pool here. */
        void hint(H hint);

        /** A batch of these destinations, with no hint to take or leave (no dispatcher). */
        static <H> Batch<H> of(List<String> destinations, List<Reach> reaches) {
            return new Batch<>() {
                @Override
                public List<String> destinations() {
                    return destinations;
                }

                @Override
                public List<Reach> reaches() {
                    return reaches;
                }

                @Override
                public H hint() {
                    return null;
                }

                @Override
                public void hint(H hint) {
                }
            };
        }
    }

    /** The dispatchers of the pools that have requests now. */
    static final class Registry<H> {
        private final ConcurrentMap<Pool, PoolDispatcher<H>> dispatchers = new ConcurrentHashMap<>();
        private final int maxBatch;
        private final long lingerNanos;
        private final Executor executor;
        private final BiFunction<Pool, Batch<H>, List<Outcome>> allocateBatch;

        /**
         * {@code allocateBatch} takes the batch's destinations when it is ready for them, best once it holds the
         * pool's lock, and answers one outcome per destination, in order.
         */
        Registry(int maxBatch, Duration linger, Executor executor,
                BiFunction<Pool, Batch<H>, List<Outcome>> allocateBatch) {
            this.maxBatch = maxBatch;
            this.lingerNanos = linger.toNanos();
            this.executor = executor;
            this.allocateBatch = allocateBatch;
        }

        /**
         * Queues a request for the pool. The ticket is added inside the map's atomic update, so it can never land
         * in a dispatcher that has just decided to leave (see {@link PoolDispatcher#drain}).
         */
        Ticket submit(Pool pool, String destination) {
            return submit(pool, destination, Reach.ANY);
        }

        /** {@link #submit(Pool, String)} of an allocation that may go only as far down the pool's levels as {@code reach}. */
        Ticket submit(Pool pool, String destination, Reach reach) {
            Ticket ticket = new Ticket(destination, reach);
            boolean[] created = new boolean[1];
            PoolDispatcher<H> dispatcher = dispatchers.compute(pool, (p, existing) -> {
                PoolDispatcher<H> d = existing;
                if (d == null) {
                    d = new PoolDispatcher<>(p, this);
                    created[0] = true;
                }
                d.waiting.add(ticket);
                d.waitingCount.incrementAndGet();
                return d;
            });
            if (created[0]) {
                executor.execute(dispatcher::drain);
            }
            return ticket;
        }

        /** How many pools have a dispatcher now. */
        int size() {
            return dispatchers.size();
        }
    }

    private final Pool pool;
    private final Registry<H> registry;
    private final Queue<Ticket> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    /** When the previous batch's callers were answered ({@link System#nanoTime}), and how many. */
    private long answeredAt;
    private int answered;
    /** Left by the previous batch; batches of a pool run one at a time here, on one thread. */
    private H hint;

    private PoolDispatcher(Pool pool, Registry<H> registry) {
        this.pool = pool;
        this.registry = registry;
    }

    /** Runs batches until the queue is empty, then leaves the registry unless a request arrived meanwhile. */
    private void drain() {
        while (true) {
            if (waiting.isEmpty()) {
                // the callers just answered may be about to ask again: the batch to come is theirs, as below
                linger(1);
            }
            if (!waiting.isEmpty()) {
                run();
                continue;
            }
            boolean[] left = new boolean[1];
            registry.dispatchers.computeIfPresent(pool, (p, d) -> {
                if (d == this && waiting.isEmpty()) {
                    left[0] = true;
                    return null;
                }
                return d;
            });
            if (left[0]) {
                return;
            }
        }
    }

    /**
     * Lingers until {@code expected} requests wait (at most {@code maxBatch}), or until {@code linger} after the
     * previous batch's answers; parks in short steps, since the callers it waits for need the CPU.
     */
    private void linger(int expected) {
        if (answered == 0) {
            return;
        }
        long until = answeredAt + registry.lingerNanos;
        int enough = Math.min(expected, registry.maxBatch);
        while (waitingCount.get() < enough && System.nanoTime() < until) {
            LockSupport.parkNanos(LINGER_STEP_NANOS);
        }
    }

    private List<Ticket> nextBatch() {
        List<Ticket> batch = new ArrayList<>();
        Ticket t;
        while (batch.size() < registry.maxBatch && (t = waiting.poll()) != null) {
            waitingCount.decrementAndGet();
            if (t.take()) {
                batch.add(t);
            }
        }
        return batch;
    }

    /** One batch: its tickets are taken when the batch first asks for its destinations, then never again. */
    private void run() {
        List<Ticket> batch = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        List<Reach> reaches = new ArrayList<>();
        boolean[] taken = new boolean[1];
        List<Outcome> outcomes;
        try {
            outcomes = registry.allocateBatch.apply(pool, new Batch<>() {
                @Override
                public List<String> destinations() {
                    if (!taken[0]) {
                        taken[0] = true;
                        linger(answered);
                        batch.addAll(nextBatch());
                        batch.forEach(t -> {
                            destinations.add(t.destination);
                            reaches.add(t.reach);
                        });
                    }
                    return Collections.unmodifiableList(destinations);
                }

                @Override
                public List<Reach> reaches() {
                    destinations();
                    return Collections.unmodifiableList(reaches);
                }

                @Override
                public H hint() {
                    return hint;
                }

                @Override
                public void hint(H next) {
                    hint = next;
                }
            });
        } catch (RuntimeException e) {
            answered = 0;
            batch.forEach(t -> t.result.completeExceptionally(e));
            // The requests queued behind a failed batch fail with it (nothing of theirs was counted): the database
            // just did not answer this pool, and each waiting its own turn to find that out would add up the waits.
            for (List<Ticket> queued = nextBatch(); !queued.isEmpty(); queued = nextBatch()) {
                queued.forEach(t -> t.result.completeExceptionally(e));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(outcomes.get(i));
        }
        answeredAt = System.nanoTime();
        answered = batch.size();
    }
}
