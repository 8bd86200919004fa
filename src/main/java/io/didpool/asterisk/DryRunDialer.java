package io.didpool.asterisk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialer when no AMI host is configured: places no call, records the exact Originate it would have sent (the
 * last {@code dryRunHistory} of them) and answers {@link CallStatus#DRY_RUN}. Its calls may take time as real ones do
 * ({@code didpool.asterisk.dry-run.ring}, then {@code .call}), on the shared {@link CallTimers}, so that pacing and
 * concurrency limits can be tried without Asterisk; by default both complete at once.
 */
final class DryRunDialer implements Dialer {

    private static final Logger log = LoggerFactory.getLogger(DryRunDialer.class);

    private final AsteriskProperties settings;
    private final CallTimers timers;
    private final Deque<Originate> recorded = new ArrayDeque<>();

    DryRunDialer(AsteriskProperties settings, CallTimers timers) {
        this.settings = settings;
        this.timers = timers;
        log.warn("DIDPOOL_AMI_HOST is not set: dry-run dialer, NO CALLS WILL BE PLACED. Each call's Originate is "
                + "recorded and the call marked DRY_RUN.");
    }

    @Override
    public PlacedCall place(OutboundCall call) {
        Originate originate = CallValidation.originate(call, settings.context(), settings.ringTimeout());
        synchronized (recorded) {
            if (recorded.size() == settings.dryRunHistory()) {
                recorded.pollFirst();
            }
            if (settings.dryRunHistory() > 0) {
                recorded.addLast(originate);
            }
        }
        log.info("Dry run: would originate {} with caller ID {} (call {})", originate.channel(),
                originate.callerId(), originate.channelId());
        PlacedCall placed = new PlacedCall(originate.channelId(), new CompletableFuture<>(),
                new CompletableFuture<>());
        Duration ring = settings.dryRun().ring();
        Duration talk = settings.dryRun().call();
        later(ring, () -> {
            placed.outcome().complete(new CallOutcome(CallStatus.DRY_RUN, originate.channel(),
                    "AMI not configured (DIDPOOL_AMI_HOST unset): nothing was sent to Asterisk"));
            later(talk, () -> placed.ended().complete(new CallEnd(Instant.now(), CallEnd.Kind.DRY_RUN, null,
                    "dry run: no call was placed (simulated ring " + ring.toMillis() + " ms, call "
                            + talk.toMillis() + " ms)")));
        });
        return placed;
    }

    private void later(Duration delay, Runnable task) {
        if (delay.isZero()) {
            task.run();
        } else {
            timers.after(delay, task);
        }
    }

    /** The Originates recorded so far, oldest first. */
    List<Originate> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** The Originate recorded for that call id, if it is still among the last ones kept. */
    Optional<Originate> recorded(String callId) {
        return recorded().stream().filter(o -> o.channelId().equals(callId)).reduce((first, second) -> second);
    }
}
