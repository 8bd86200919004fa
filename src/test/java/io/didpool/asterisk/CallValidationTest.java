package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallValidationTest {

    static final String CONTEXT = "didpool-outbound";

    /** Each carries one value that could add an AMI header, a second dial destination or escape the sounds dir. */
    static List<OutboundCall> injectionAttempts() {
        return List.of(
                new OutboundCall("c1", "+14155550123\r\nAction: Command", "+14155550100", "TWILIO", null, null),
                new OutboundCall("c2", "+14155550123&PJSIP/+19005550000@TWILIO", "+14155550100", "TWILIO", null, null),
                new OutboundCall("c3", "14155550123", "+14155550100", "TWILIO", null, null),
                new OutboundCall("c4", "+14155550123", "+14155550100\n", "TWILIO", null, null),
                new OutboundCall("c5", "+14155550123", "+14155550100", "TWILIO\r\nAction: Logoff", null, null),
                new OutboundCall("c6", "+14155550123", "+14155550100", "TWILIO/evil", null, null),
                new OutboundCall("c7", "+14155550123", "+14155550100", "TWILIO", "../../etc/passwd", null),
                new OutboundCall("c8", "+14155550123", "+14155550100", "TWILIO", "/etc/passwd", null),
                new OutboundCall("c9", "+14155550123", "+14155550100", "TWILIO", "custom/a,b", null),
                new OutboundCall("c10", "+14155550123", "+14155550100", "TWILIO", "custom/a;b", null),
                new OutboundCall("c11", "+14155550123", "+14155550100", "TWILIO", "custom/a|b", null),
                new OutboundCall("c12", "+14155550123", "+14155550100", "TWILIO", "custom/a&b", null),
                new OutboundCall("c13", "+14155550123", "+14155550100", "TWILIO", "custom/a\r\nb", null),
                new OutboundCall("c14", "+14155550123", "+14155550100", "TWILIO", "custom//a", null),
                new OutboundCall("c15", "+14155550123", "+14155550100", "TWILIO", "custom/a.wav", null),
                new OutboundCall("c16", "+14155550123", "+14155550100", "TWILIO", null, "+1415555019;9"),
                new OutboundCall("c17", "+14155550123", "+14155550100", "TWILIO", null, "+14155550199\r\n"),
                new OutboundCall("c18", "+14155550123", "+14155550100", "TWILIO", null, "+14155550199&x"),
                new OutboundCall("c19\r\nAction: Command", "+14155550123", "+14155550100", "TWILIO", null, null),
                new OutboundCall("c,20", "+14155550123", "+14155550100", "TWILIO", null, null),
                new OutboundCall(null, "+14155550123", "+14155550100", "TWILIO", null, null));
    }

    @Test
    void rejectsEveryInjectionAttemptWithAMessageThatDoesNotRepeatTheValue() {
        for (OutboundCall bad : injectionAttempts()) {
            assertThatThrownBy(() -> CallValidation.originate(bad, CONTEXT, Duration.ofSeconds(30)))
                    .as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "Action", "etc/passwd",
                            "evil"));
        }
    }

    @Test
    void buildsTheOriginateOfTheContract() {
        Originate originate = CallValidation.originate(new OutboundCall("call-1", "+14155550123", "+14155550100",
                "TWILIO-east_2", "custom/voice_template_123", "+14155550199"), CONTEXT, Duration.ofSeconds(30));

        assertThat(originate.channel()).isEqualTo("PJSIP/+14155550123@TWILIO-east_2");
        assertThat(originate.callerId()).isEqualTo("+14155550100");
        assertThat(originate.context()).isEqualTo(CONTEXT);
        assertThat(originate.exten()).isEqualTo("s");
        assertThat(originate.priority()).isEqualTo(1);
        assertThat(originate.async()).isTrue();
        assertThat(originate.timeoutMillis()).isEqualTo(30_000);
        assertThat(originate.channelId()).isEqualTo("call-1");
        assertThat(originate.variables()).containsExactly(
                java.util.Map.entry("DIDPOOL_CALL_ID", "call-1"),
                java.util.Map.entry("DIDPOOL_DID", "+14155550100"),
                java.util.Map.entry("DIDPOOL_AUDIO_FILE", "custom/voice_template_123"),
                java.util.Map.entry("DIDPOOL_TRANSFER_NUMBER", "+14155550199"));
    }

    @Test
    void refusesAContextThatCouldBreakTheAction() {
        assertThatThrownBy(() -> CallValidation.requireContext("didpool\r\nAction: Command"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DIDPOOL_ASTERISK_CONTEXT");
        assertThatThrownBy(() -> CallValidation.requireContext("a,b")).isInstanceOf(IllegalArgumentException.class);
    }
}
