package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DryRunDialerTest {

    private final CallTimers timers = new CallTimers();

    @AfterEach
    void stop() {
        timers.close();
    }

    private DryRunDialer dialer(int history, Duration ring, Duration call) {
        return new DryRunDialer(new AsteriskProperties("didpool-outbound", Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofHours(2), history, new AsteriskProperties.DryRun(ring, call)),
                timers);
    }

    @Test
    void recordsTheExactOriginateItWouldSendAndMarksTheCallDryRun() {
        DryRunDialer dialer = dialer(10, Duration.ZERO, Duration.ZERO);

        PlacedCall placed = dialer.place(AmiDialerTest.call("call-7"));

        assertThat(placed.outcome()).as("no simulated ring: at once").isDone();
        assertThat(placed.ended()).isDone();
        CallOutcome outcome = placed.outcome().join();
        assertThat(outcome.status()).isEqualTo(CallStatus.DRY_RUN);
        assertThat(outcome.channel()).isEqualTo("PJSIP/+14155550123@TWILIO");
        assertThat(outcome.reason()).contains("AMI not configured");
        assertThat(placed.ended().join().kind()).isEqualTo(CallEnd.Kind.DRY_RUN);
        Originate recorded = dialer.recorded("call-7").orElseThrow();
        assertThat(recorded).isEqualTo(CallValidation.originate(AmiDialerTest.call("call-7"), "didpool-outbound",
                Duration.ofSeconds(30)));
        assertThat(recorded.variables()).containsEntry("DIDPOOL_DID", "+14155550100");
    }

    @Test
    void simulatesARingThenACallOfTheConfiguredDurations() {
        DryRunDialer dialer = dialer(10, Duration.ofMillis(300), Duration.ofMillis(500));

        Instant placedAt = Instant.now();
        PlacedCall placed = dialer.place(AmiDialerTest.call("call-8"));

        assertThat(placed.outcome()).as("still ringing").isNotDone();
        assertThat(dialer.recorded("call-8")).as("recorded when placed").isPresent();
        assertThat(AmiDialerTest.await(placed.outcome()).status()).isEqualTo(CallStatus.DRY_RUN);
        CallEnd end = AmiDialerTest.await(placed.ended());
        assertThat(end.kind()).isEqualTo(CallEnd.Kind.DRY_RUN);
        assertThat(end.reason()).contains("ring 300 ms, call 500 ms");
        // ends no sooner than ring + call after it was placed (a lower bound: never flaky)
        assertThat(Duration.between(placedAt, end.at())).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(timers.queued()).isZero();
    }

    @Test
    void keepsOnlyTheLastOriginates() {
        DryRunDialer dialer = dialer(3, Duration.ZERO, Duration.ZERO);
        for (int i = 1; i <= 5; i++) {
            dialer.place(AmiDialerTest.call("call-" + i));
        }
        assertThat(dialer.recorded()).extracting(Originate::channelId).containsExactly("call-3", "call-4", "call-5");
    }

    @Test
    void validatesLikeTheRealDialer() {
        DryRunDialer dialer = dialer(3, Duration.ZERO, Duration.ZERO);
        for (OutboundCall bad : CallValidationTest.injectionAttempts()) {
            assertThatThrownBy(() -> dialer.place(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(dialer.recorded()).isEmpty();
    }
}
