package io.didpool.dialing;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the database which of this instance's calls had their Originate leave ({@code calls.originated_at}, V27), so
 * that when the instance stops or dies, a call that was sent keeps its DID's use and one that never left gives it
 * back ({@link CallLifecycle#interrupt}). Off the timer that sends: the timer only queues the call's id; a worker
 * writes every id queued since its previous write in one UPDATE, so the send path waits for no database (at 100
 * calls a second a write carries the few calls sent while the previous one ran).
 *
 * <p>The mark is written after the dialer took the Originate, never before: a mark written first would need a
 * database round trip between the slot and the send. So a {@code kill -9} between a send and its mark's commit (a
 * few milliseconds, a few calls at most) makes revival give back a use of a call that did leave: usage then counts
 * fewer calls than were attempted, and a DID's caps may let that many calls more through in their window. The
 * opposite order would count calls never sent instead, which is safer for a carrier's limits but what usage must not
 * do; docs/dialing.md weighs the two.
 */
final class OriginateMarks {

    private static final Logger log = LoggerFactory.getLogger(OriginateMarks.class);
    private static final Duration DATABASE_RETRY = Duration.ofSeconds(2);

    private final CallLifecycle calls;
    private final String owner;
    private final Executor workers;
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    /** Whether a worker has a write to do or doing: the timer then only queues. */
    private final AtomicBoolean writing = new AtomicBoolean();

    OriginateMarks(CallLifecycle calls, String owner, Executor workers) {
        this.calls = calls;
        this.owner = owner;
        this.workers = workers;
    }

    /** On the timer, right after the dialer took the call's Originate: a queue's add, and at most a hand-over. */
    void sent(UUID call) {
        sent.add(new Sent(call, Instant.now()));
        if (writing.compareAndSet(false, true)) {
            workers.execute(this::write);
        }
    }

    /**
     * Writes every mark queued so far in one statement (in the caller's transaction, if any). Marks the database
     * did not take stay queued, and the failure is thrown.
     */
    synchronized void flush() {
        List<Sent> batch = new ArrayList<>();
        for (Sent s = sent.poll(); s != null; s = sent.poll()) {
            batch.add(s);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            calls.markOriginated(batch.stream().map(Sent::call).toArray(UUID[]::new),
                    batch.stream().map(s -> Timestamp.from(s.at())).toArray(Timestamp[]::new), owner);
        } catch (RuntimeException e) {
            sent.addAll(batch);
            throw e;
        }
    }

    private void write() {
        boolean written = true;
        try {
            flush();
        } catch (RuntimeException e) {
            written = false;
            log.warn("Dialling: marks of sent Originates not recorded ({}); trying again in {}", e.getMessage(),
                    DATABASE_RETRY);
        } finally {
            writing.set(false);
        }
        // ids queued after the drain, while this write ran: the timer saw a write going and left them to it
        if (!sent.isEmpty() && writing.compareAndSet(false, true)) {
            Executor next = written ? workers
                    : CompletableFuture.delayedExecutor(DATABASE_RETRY.toMillis(), TimeUnit.MILLISECONDS, workers);
            next.execute(this::write);
        }
    }

    private record Sent(UUID call, Instant at) {
    }
}
