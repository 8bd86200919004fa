package io.didpool.dialing;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims set-up slots of one trunk for its instance ({@link CallDispatcher}), one claim at a time on the instance
 * (several instances contend on the trunk's pace row; the loser looks again shortly). Exists while it has something
 * to do, or a time to look again.
 */
final class TrunkLane {

    private static final Logger log = LoggerFactory.getLogger(TrunkLane.class);
    private static final Duration BUSY_RETRY = Duration.ofMillis(25);
    private static final Duration DATABASE_RETRY = Duration.ofSeconds(2);

    private final String trunk;
    private final CallDispatcher dispatcher;
    private boolean claiming;
    private boolean again;
    private ScheduledFuture<?> lookAgain;

    TrunkLane(String trunk, CallDispatcher dispatcher) {
        this.trunk = trunk;
        this.dispatcher = dispatcher;
    }

    synchronized void request() {
        again = true;
        if (!claiming) {
            claiming = true;
            dispatcher.execute(this::run);
        }
    }

    private void run() {
        while (true) {
            synchronized (this) {
                if (!again || !dispatcher.running()) {
                    claiming = false;
                    retireIfIdle();
                    return;
                }
                again = false;
            }
            SlotClaims.Claim claim;
            try {
                claim = dispatcher.claim(trunk);
            } catch (RuntimeException e) {
                log.warn("Dialling: could not take set-up slots of trunk {}: {}", trunk, e.getMessage());
                lookAgainIn(DATABASE_RETRY);
                continue;
            }
            dispatcher.begin(claim);
            if (claim.busy()) {
                lookAgainIn(BUSY_RETRY);
            } else if (claim.lookAgainAt() != null) {
                lookAgainIn(Duration.ofNanos(claim.nanosAt(claim.lookAgainAt()) - System.nanoTime()));
            }
            if (claim.more()) {
                synchronized (this) {
                    again = true;
                }
            }
        }
    }

    synchronized void lookAgainIn(Duration delay) {
        long millis = Math.max(0, delay.toMillis());
        if (lookAgain != null && !lookAgain.isDone() && lookAgain.getDelay(TimeUnit.MILLISECONDS) <= millis) {
            return;
        }
        if (lookAgain != null) {
            lookAgain.cancel(false);
        }
        lookAgain = dispatcher.schedule(this::request, millis);
    }

    /**
     * Its instance stops: no look again, and no claim counted as under way. A run queued on the workers may be dropped
     * when they shut down; left "claiming", the lane would ignore every request once the instance starts again (a
     * test's application context is stopped and started again between test classes), and its trunk would never be
     * dialled again on this instance.
     */
    synchronized void cancel() {
        if (lookAgain != null) {
            lookAgain.cancel(false);
        }
        claiming = false;
        again = false;
    }

    private void retireIfIdle() {
        if (lookAgain == null || lookAgain.isDone()) {
            dispatcher.retire(trunk, this);
        }
    }
}
