package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DryRunDialerTest {

    @Test
    void recordsTheExactOriginateItWouldSendAndMarksTheCallDryRun() {
        DryRunDialer dialer = new DryRunDialer("didpool-outbound", Duration.ofSeconds(30), 10);

        CallOutcome outcome = dialer.call(AmiDialerTest.call("call-7"));

        assertThat(outcome.status()).isEqualTo(CallStatus.DRY_RUN);
        assertThat(outcome.channel()).isEqualTo("PJSIP/+14155550123@TWILIO");
        assertThat(outcome.reason()).contains("AMI not configured");
        Originate recorded = dialer.recorded("call-7").orElseThrow();
        assertThat(recorded).isEqualTo(CallValidation.originate(AmiDialerTest.call("call-7"), "didpool-outbound",
                Duration.ofSeconds(30)));
        assertThat(recorded.variables()).containsEntry("DIDPOOL_DID", "+14155550100");
    }

    @Test
    void keepsOnlyTheLastOriginates() {
        DryRunDialer dialer = new DryRunDialer("didpool-outbound", Duration.ofSeconds(30), 3);
        for (int i = 1; i <= 5; i++) {
            dialer.call(AmiDialerTest.call("call-" + i));
        }
        assertThat(dialer.recorded()).extracting(Originate::channelId).containsExactly("call-3", "call-4", "call-5");
    }

    @Test
    void validatesLikeTheRealDialer() {
        DryRunDialer dialer = new DryRunDialer("didpool-outbound", Duration.ofSeconds(30), 3);
        for (OutboundCall bad : CallValidationTest.injectionAttempts()) {
            assertThatThrownBy(() -> dialer.call(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(dialer.recorded()).isEmpty();
    }
}
