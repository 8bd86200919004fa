package io.didpool.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes inbound call records after Asterisk has its answer, so that a slow or paused database delays the record,
 * never the call. One writer, in order (a call's outcome after its decision), up to 200 writes a transaction (at
 * hundreds of calls a second, one commit per call would be one flush to disk per call). Writes that fail are tried
 * again, with a growing pause, until the database takes them: nothing is dropped while the queue has room, except a
 * write the database refuses outright (a non-transient error, which trying again cannot mend). A full queue (10,000
 * writes: minutes of calls with the database gone) drops the newest and counts them
 * ({@code didpool.inbound.records.dropped}).
 */
@Component
class InboundRecorder implements DisposableBean {

    static final int CAPACITY = 10_000;
    /** Writes per transaction at most. */
    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(InboundRecorder.class);

    private final InboundCallRecords records;
    private final TransactionTemplate transactions;
    private final BlockingQueue<Consumer<InboundCallRecords>> writes = new LinkedBlockingQueue<>(CAPACITY);
    private final Counter dropped;
    private final Thread writer;
    private volatile boolean stopping;

    InboundRecorder(InboundCallRecords records, TransactionTemplate transactions, MeterRegistry meters) {
        this.records = records;
        this.transactions = transactions;
        this.dropped = Counter.builder("didpool.inbound.records.dropped")
                .description("inbound call records dropped because the database was away too long").register(meters);
        meters.gauge("didpool.inbound.records.pending", writes, BlockingQueue::size);
        this.writer = new Thread(this::write, "didpool-inbound-records");
        writer.setDaemon(true);
        writer.start();
    }

    void record(Decision decision, java.time.Instant at, String channel) {
        offer(r -> r.insert(decision, at, channel));
    }

    void outcome(String channel, InboundOutcome outcome, int durationSeconds) {
        offer(r -> r.outcome(channel, outcome, durationSeconds));
    }

    /** True once every write offered so far is in the database (tests and shutdown). */
    boolean idle() {
        return writes.isEmpty() && !busy;
    }

    private volatile boolean busy;

    private void offer(Consumer<InboundCallRecords> write) {
        if (!writes.offer(write)) {
            dropped.increment();
            log.warn("inbound call record dropped: {} writes wait for the database", CAPACITY);
        }
    }

    private void write() {
        List<Consumer<InboundCallRecords>> batch = new ArrayList<>();
        while (!stopping) {
            Consumer<InboundCallRecords> first;
            try {
                first = writes.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            busy = true;
            batch.clear();
            batch.add(first);
            writes.drainTo(batch, BATCH - 1);
            if (!written(batch)) {
                return;
            }
            busy = false;
        }
    }

    /**
     * Writes the batch in one transaction (one commit, one flush to disk, for up to {@link #BATCH} writes), again and
     * again while the database is away. A batch the database refuses is written one write at a time, so that only
     * the refused write is dropped. False when stopping.
     */
    private boolean written(List<Consumer<InboundCallRecords>> batch) {
        Duration pause = Duration.ofMillis(100);
        while (true) {
            try {
                transactions.executeWithoutResult(status -> batch.forEach(write -> write.accept(records)));
                return true;
            } catch (DataAccessException | TransactionException e) {
                if (refused(e)) {
                    if (batch.size() > 1) {
                        for (Consumer<InboundCallRecords> write : batch) {
                            if (!written(List.of(write))) {
                                return false;
                            }
                        }
                        return true;
                    }
                    // the database answered and refused: trying again would refuse again and hold every write
                    dropped.increment();
                    log.error("inbound call record refused by the database, dropped: {}", e.getMessage());
                    return true;
                }
                if (stopping) {
                    return false;
                }
                log.warn("inbound call records not written yet ({}), trying again in {} ms",
                        e.getClass().getSimpleName(), pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    return false;
                }
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : pause.multipliedBy(2);
            }
        }
    }

    /** Refused for good: not the database being away (no connection, a timeout), which passes. */
    private static boolean refused(RuntimeException e) {
        return e instanceof NonTransientDataAccessException && !(e instanceof NonTransientDataAccessResourceException);
    }

    /** Gives the queue a few seconds to drain before the connection pool closes. */
    @Override
    public void destroy() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!idle() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stopping = true;
        writer.interrupt();
    }
}
