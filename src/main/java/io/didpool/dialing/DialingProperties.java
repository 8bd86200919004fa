package io.didpool.dialing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How calls are paced and dialled ({@code didpool.dialing.*}, or {@code DIDPOOL_DIALING_*}).
 *
 * @param worker          false: this instance queues calls but dials none (an API-only instance)
 * @param headroom        share of a trunk's calls per second kept unused, so that set-ups that leave a little late
 *                        or early never put more than the limit into any one-second window at the carrier
 * @param catchUp         how far behind its pace a trunk may catch up at once (a short burst after a late wake-up)
 * @param lookahead       how far ahead an instance takes set-up slots; it sends each Originate at its slot's time
 * @param maxLateness     an Originate that cannot leave within this long after its slot is not sent: its call takes
 *                        another slot (below {@code headroom} of a second, so that no window at the carrier overflows)
 * @param maxClaim        most calls one instance takes for a trunk in one transaction
 * @param threads         threads that allocate DIDs and record outcomes; calls in progress hold none
 * @param pollInterval    how often an instance looks for queued calls it was not told about (notifications are
 *                        the fast path; this is the safety net)
 * @param heartbeat       how often an instance proves it is alive
 * @param reviveAfter     an instance silent this long is dead: its calls in progress are ended as interrupted
 * @param maxAttempts     set-ups of one call when the carrier refuses them (SIP 503 / congestion)
 * @param retryBackoff    wait before the first retry of a refused set-up; doubles with each retry
 * @param shutdownMaxWait how long a stopping instance lets its calls in progress finish
 */
@ConfigurationProperties("didpool.dialing")
record DialingProperties(
        @DefaultValue("true") boolean worker,
        @DefaultValue("0.06") double headroom,
        @DefaultValue("20ms") Duration catchUp,
        @DefaultValue("100ms") Duration lookahead,
        @DefaultValue("40ms") Duration maxLateness,
        @DefaultValue("50") int maxClaim,
        @DefaultValue("4") int threads,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5s") Duration heartbeat,
        @DefaultValue("30s") Duration reviveAfter,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("2s") Duration retryBackoff,
        @DefaultValue("30s") Duration shutdownMaxWait) {
}
