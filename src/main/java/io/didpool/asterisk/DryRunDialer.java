package io.didpool.asterisk;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialer when no AMI host is configured: places no call, records the exact Originate it would have sent (the
 * last {@code capacity} of them) and answers {@link CallStatus#DRY_RUN}.
 */
final class DryRunDialer implements Dialer {

    private static final Logger log = LoggerFactory.getLogger(DryRunDialer.class);

    private final String context;
    private final Duration ringTimeout;
    private final int capacity;
    private final Deque<Originate> recorded = new ArrayDeque<>();

    DryRunDialer(String context, Duration ringTimeout, int capacity) {
        CallValidation.requireContext(context);
        this.context = context;
        this.ringTimeout = ringTimeout;
        this.capacity = capacity;
        log.warn("DIDPOOL_AMI_HOST is not set: dry-run dialer, NO CALLS WILL BE PLACED. Each call's Originate is "
                + "recorded and the call marked DRY_RUN.");
    }

    @Override
    public CallOutcome call(OutboundCall call) {
        Originate originate = CallValidation.originate(call, context, ringTimeout);
        synchronized (recorded) {
            if (recorded.size() == capacity) {
                recorded.removeFirst();
            }
            recorded.addLast(originate);
        }
        log.info("Dry run: would originate {} with caller ID {} (call {})", originate.channel(),
                originate.callerId(), originate.channelId());
        return new CallOutcome(CallStatus.DRY_RUN, originate.channel(),
                "AMI not configured (DIDPOOL_AMI_HOST unset): nothing was sent to Asterisk");
    }

    /** The Originates recorded so far, oldest first. */
    public List<Originate> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** The Originate recorded for that call id, if it is still among the last ones kept. */
    public java.util.Optional<Originate> recorded(String callId) {
        return recorded().stream().filter(o -> o.channelId().equals(callId)).reduce((first, second) -> second);
    }
}
