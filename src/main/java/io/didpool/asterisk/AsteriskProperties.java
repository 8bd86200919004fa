package io.didpool.asterisk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How calls are placed ({@code didpool.asterisk.*}).
 *
 * @param context         dialplan context that originated calls enter ({@code DIDPOOL_ASTERISK_CONTEXT})
 * @param ringTimeout     how long the far end may ring: the Originate's {@code Timeout}
 * @param outcomeGrace    how long to wait, after a failed OriginateResponse that does not say why, for the DialEnd or
 *                        Hangup that tells busy from congestion
 * @param maxCallDuration an answered call that Asterisk has not reported ended after this long is hung up and counted
 *                        as ended, so that a lost Hangup event cannot keep it in progress for ever
 * @param dryRunHistory   how many Originates the dry-run dialer keeps
 * @param dryRun          simulated durations of the dry-run dialer's calls
 */
@ConfigurationProperties("didpool.asterisk")
record AsteriskProperties(
        @DefaultValue("didpool-outbound") String context,
        @DefaultValue("30s") Duration ringTimeout,
        @DefaultValue("2s") Duration outcomeGrace,
        @DefaultValue("2h") Duration maxCallDuration,
        @DefaultValue("200") int dryRunHistory,
        @DefaultValue DryRun dryRun) {

    AsteriskProperties {
        CallValidation.requireContext(context);
        requirePositive(ringTimeout, "didpool.asterisk.ring-timeout");
        requirePositive(outcomeGrace, "didpool.asterisk.outcome-grace");
        requirePositive(maxCallDuration, "didpool.asterisk.max-call-duration");
        if (dryRunHistory < 0) {
            throw new IllegalArgumentException("didpool.asterisk.dry-run-history: must be 0 or more");
        }
        if (dryRun == null) {
            dryRun = new DryRun(Duration.ZERO, Duration.ZERO);
        }
    }

    /**
     * @param ring how long after {@code place} a dry-run call's outcome ({@code DRY_RUN}) comes; 0: at once
     * @param call how long after its outcome a dry-run call ends; 0: at once
     */
    record DryRun(@DefaultValue("0s") Duration ring, @DefaultValue("0s") Duration call) {
        DryRun {
            if (ring == null || ring.isNegative() || call == null || call.isNegative()) {
                throw new IllegalArgumentException("didpool.asterisk.dry-run.ring and .call: must be 0 or more");
            }
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": must be positive");
        }
    }
}
