package io.didpool.dialing;

import io.didpool.allocation.AllocationService;
import io.didpool.api.DatabaseFaults;
import io.didpool.asterisk.CallOutcome;
import io.didpool.asterisk.CallStatus;
import io.didpool.asterisk.Dialer;
import io.didpool.asterisk.OutboundCall;
import io.didpool.asterisk.PlacedCall;
import io.didpool.trunk.TrunkService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This instance's part of dialling: for each trunk with work it takes set-up slots ({@link SlotClaims}), and for each
 * call it got it chooses the DID, sends the Originate at the slot's time and records what Asterisk reports.
 *
 * <p>A call in progress holds no thread: it is a {@link Session} waiting on the dialer's futures, which complete from
 * AMI events. Threads: one timer, and a few workers that run claims, allocations and database writes.
 *
 * <p>Every write that concerns a call is guarded by "still this instance's and in progress", so that a call ended
 * elsewhere meanwhile (its instance was thought dead) is never recorded twice. A write the database cannot take now
 * is tried again until it can, while the call stays counted as in progress.
 */
@Component
class CallDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallDispatcher.class);
    private static final Duration DATABASE_RETRY = Duration.ofSeconds(2);

    private final SlotClaims claims;
    private final CallLifecycle calls;
    private final DialFlows flows;
    private final DialerInstances instances;
    private final DialNotifier notifier;
    private final TrunkService trunks;
    private final AllocationService allocations;
    private final Dialer dialer;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final DialingProperties properties;
    private final DialingMetrics metrics;
    private final String instance = DialerInstances.newName();
    private final Map<String, TrunkLane> lanes = new ConcurrentHashMap<>();
    private final Map<UUID, Session> sessions = new ConcurrentHashMap<>();
    /** The clock an Originate's lateness is judged by; a test's own makes a set-up miss its slot at will. */
    private volatile LongSupplier lateness = System::nanoTime;
    private volatile ScheduledExecutorService timer;
    private volatile ExecutorService workers;
    private volatile OriginateMarks marks;
    private volatile boolean running;

    CallDispatcher(SlotClaims claims, CallLifecycle calls, DialFlows flows, DialerInstances instances,
            DialNotifier notifier, TrunkService trunks, AllocationService allocations, Dialer dialer,
            TransactionTemplate transactions, ApplicationEventPublisher events, DialingProperties properties,
            DialingMetrics metrics) {
        this.claims = claims;
        this.calls = calls;
        this.flows = flows;
        this.instances = instances;
        this.notifier = notifier;
        this.trunks = trunks;
        this.allocations = allocations;
        this.dialer = dialer;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.metrics = metrics;
    }

    String instance() {
        return instance;
    }

    /** Calls this instance has in progress now. */
    int callsInProgress() {
        return sessions.size();
    }

    /** Tests only: judges from now on whether an Originate missed its slot by {@code nanoTime}. */
    void latenessClock(LongSupplier nanoTime) {
        this.lateness = nanoTime;
    }

    /** Looks for work on the trunk now (told by a notification, a timer, or the poll). */
    void wake(String trunk) {
        if (running) {
            lanes.computeIfAbsent(trunk, name -> new TrunkLane(name, this)).request();
        }
    }

    // ---- lifecycle

    @Override
    public void start() {
        if (!properties.worker()) {
            log.info("Dialling: this instance queues calls but dials none (didpool.dialing.worker=false)");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(daemon("dialing-timer"));
        workers = Executors.newFixedThreadPool(properties.threads(), daemon("dialing-worker"));
        marks = new OriginateMarks(calls, instance, workers);
        running = true;
        heartbeat();
        long beat = properties.heartbeat().toMillis();
        // the timer sends Originates at their slots: nothing that waits for the database runs on it
        timer.scheduleWithFixedDelay(() -> workers.execute(this::heartbeat), beat, beat, TimeUnit.MILLISECONDS);
        long poll = properties.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> workers.execute(this::poll), 0, poll, TimeUnit.MILLISECONDS);
        log.info("Dialling: instance {} dials with {} worker threads", instance, properties.threads());
    }

    /**
     * Takes no new call, lets calls in progress finish (up to shutdownMaxWait), then ends the rest as interrupted
     * at once rather than leaving them to the revival of dead instances.
     */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        lanes.values().forEach(TrunkLane::cancel);
        long deadline = System.nanoTime() + properties.shutdownMaxWait().toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // no Originate leaves from now on; the marks of those that left commit with the interrupt, which gives back
        // the uses of the calls without one
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            transactions.executeWithoutResult(status -> {
                marks.flush();
                List<EndedCall> interrupted = calls.interrupt(instance, Duration.ZERO, CallRevival.REASON);
                interrupted.forEach(this::publishEnded);
                instances.unregister(instance);
            });
        } catch (RuntimeException e) {
            log.warn("Dialling: could not record the end of this instance's calls ({}); another instance will",
                    e.getMessage(), DatabaseFaults.isUnavailable(e) ? null : e);
        }
        workers.shutdownNow();
        log.info("Dialling: instance {} stopped", instance);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server stops taking requests, before the database goes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    /**
     * Proves this instance alive, and gives back the slots of calls it holds in the database but not here: a claim
     * whose COMMIT got no answer may have committed after all. Their Originate was never sent, so they simply wait
     * for another slot (with the DID they got).
     */
    private void heartbeat() {
        try {
            instances.heartbeat(instance);
            calls.giveBackUnheld(instance, sessions.keySet(), properties.reviveAfter()).forEach(notifier::notify);
        } catch (DataAccessException e) {
            log.warn("Dialling: heartbeat not recorded ({}); calls of this instance are revived elsewhere if the"
                    + " database stays out of reach for {}", e.getMessage(), properties.reviveAfter());
        }
    }

    private void poll() {
        try {
            flows.trunksWithReadyCalls().forEach(this::wake);
        } catch (DataAccessException e) {
            log.debug("Dialling: poll failed: {}", e.getMessage());
        }
    }

    // ---- what a trunk's lane asks of its instance (TrunkLane)

    boolean running() {
        return running;
    }

    void execute(Runnable work) {
        workers.execute(work);
    }

    ScheduledFuture<?> schedule(Runnable work, long millis) {
        return timer.schedule(work, millis, TimeUnit.MILLISECONDS);
    }

    /** Takes set-up slots of the trunk for this instance ({@link SlotClaims}). */
    SlotClaims.Claim claim(String trunk) {
        return metrics.claims().record(() -> claims.claim(trunk, instance));
    }

    /** Starts the calls a claim got: each sends its Originate at its slot's time. */
    void begin(SlotClaims.Claim claim) {
        for (ClaimedCall call : claim.calls()) {
            Session session = new Session(call, claim.nanosAt(call.slotAt()));
            sessions.put(call.id(), session);
            session.begin();
        }
    }

    /** The lane has nothing to do and no time to look again: it goes (a new one comes with new work). */
    void retire(String trunk, TrunkLane lane) {
        lanes.remove(trunk, lane);
    }

    // ---- one call on this instance

    /** A call this instance has a set-up slot for, until its end. Holds no thread while it waits. */
    private final class Session {
        private final ClaimedCall call;
        private final long slotAtNanos;

        Session(ClaimedCall call, long slotAtNanos) {
            this.call = call;
            this.slotAtNanos = slotAtNanos;
        }

        /** Sends the Originate at the slot's time, from the timer itself: nothing stands between them. */
        void begin() {
            timer.schedule(this::send, Math.max(0, slotAtNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        private void send() {
            if (lateness.getAsLong() - slotAtNanos > properties.maxLateness().toNanos()) {
                // Sent now it could put more set-ups than the trunk admits into one second at the carrier: it takes
                // another slot instead, first in line.
                log.debug("Dialling: call {} missed its slot on trunk {}; it takes the next one", call.id(),
                        call.trunk());
                workers.execute(this::giveBackSlot);
                return;
            }
            PlacedCall placed;
            try {
                placed = dialer.place(new OutboundCall(call.id().toString(), call.destination(), call.did().number(),
                        call.trunk(), call.audioFile(), call.transferNumber()));
            } catch (IllegalArgumentException e) {
                workers.execute(() -> end(DialOutcome.ERROR, null,
                        "the call was refused before dialling: " + e.getMessage()));
                return;
            } catch (RuntimeException e) {
                log.error("Dialer failed for call {}", call.id(), e);
                workers.execute(() -> end(DialOutcome.ERROR, null,
                        "the dialer failed unexpectedly; it has been logged"));
                return;
            }
            marks.sent(call.id());
            metrics.setUp(call.trunk());
            placed.outcome().whenCompleteAsync((outcome, failure) -> onOutcome(placed, outcome, failure), workers);
        }

        private void onOutcome(PlacedCall placed, CallOutcome outcome, Throwable failure) {
            if (failure != null) {
                log.error("Dialer failed for call {}", call.id(), failure);
                end(DialOutcome.FAILED, null, "the dialer failed unexpectedly; it has been logged");
                return;
            }
            if (outcome.status() == CallStatus.CONGESTION) {
                metrics.refused(call.trunk());
                if (call.attempts() < properties.maxAttempts()) {
                    retry(outcome);
                    return;
                }
            }
            if (outcome.status() == CallStatus.ANSWERED || outcome.status() == CallStatus.DRY_RUN) {
                if (outcome.status() == CallStatus.ANSWERED) {
                    answered(outcome.channel());
                }
                placed.ended().whenCompleteAsync((end, unknown) -> end(DialOutcome.of(outcome.status()),
                        outcome.channel(),
                        unknown != null ? "the end of the call is unknown: " + unknown.getMessage() : end.reason()),
                        workers);
                return;
            }
            end(DialOutcome.of(outcome.status()), outcome.channel(), outcome.reason());
        }

        /** Records the answer; only a record (the end says it again), so a database that cannot take it is skipped. */
        private void answered(String channel) {
            try {
                transactions.executeWithoutResult(status -> {
                    if (calls.answered(call.id(), instance, channel)) {
                        events.publishEvent(new CallEvent.Answered(call.id(), call.reference(), channel,
                                Instant.now()));
                    }
                });
            } catch (RuntimeException e) {
                // never thrown on: the end of the call must still be waited for
                log.warn("Dialling: the answer of call {} was not recorded ({})", call.id(), e.getMessage(),
                        DatabaseFaults.isUnavailable(e) ? null : e);
            }
        }

        private void giveBackSlot() {
            finish(() -> {
                calls.giveBackSlot(call.id(), instance);
                notifier.notify(call.trunk());
            }, this::giveBackSlot);
        }

        /** The carrier refused the set-up (the callee's phone never rang): queue it again after a back-off. */
        private void retry(CallOutcome outcome) {
            Duration backoff = properties.retryBackoff().multipliedBy(1L << Math.min(10, call.attempts() - 1));
            Instant readyAt = Instant.now().plus(backoff);
            String reason = "set-up " + call.attempts() + " refused by the carrier (" + outcome.reason()
                    + "); trying again";
            finish(() -> {
                if (calls.retry(call.id(), instance, readyAt, reason)) {
                    events.publishEvent(new CallEvent.Retrying(call.id(), call.reference(), call.attempts(), readyAt,
                            reason));
                }
            }, () -> retry(outcome));
            timer.schedule(() -> wake(call.trunk()), backoff.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void end(DialOutcome outcome, String channel, String reason) {
            finish(() -> calls.end(call.id(), instance, outcome, channel, reason).ifPresent(ended -> {
                publishEnded(ended);
                // how the call ended counts towards its DID's answer rate (rotation skips the DIDs that rest)
                outcome.callStatus().ifPresent(status -> allocations.recordOutcome(call.tenant(), call.did().id(),
                        status));
                if (trunks.get(ended.trunk()).maxConcurrentCalls() != null) {
                    notifier.notify(ended.trunk());
                }
            }), () -> end(outcome, channel, reason));
        }

        /**
         * Writes what ends this instance's part in the call (its end, a retry, a slot given back), then forgets it.
         * Every such write is guarded by "still this instance's and in progress", so a call ended elsewhere meanwhile
         * is left alone, and trying it again is safe. Whatever keeps the write from committing (a paused database
         * that gives no connection in time, a lost COMMIT, or a bug), the call stays in progress here and the write
         * is tried again until the database takes it: dropped, it would leave the call DIALING and its trunk's slot
         * taken for good.
         */
        private void finish(Runnable work, Runnable again) {
            try {
                transactions.executeWithoutResult(status -> work.run());
                sessions.remove(call.id());
            } catch (RuntimeException e) {
                later(again, e);
            }
        }

        private void later(Runnable again, RuntimeException why) {
            if (DatabaseFaults.isUnavailable(why)) {
                log.warn("Dialling: call {} waits for the database ({}); trying again in {}", call.id(),
                        why.getMessage(), DATABASE_RETRY);
            } else {
                log.error("Dialling: recording call {} failed; trying again in {}", call.id(), DATABASE_RETRY, why);
            }
            timer.schedule(() -> workers.execute(again), DATABASE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void publishEnded(EndedCall ended) {
        events.publishEvent(ended.event());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
