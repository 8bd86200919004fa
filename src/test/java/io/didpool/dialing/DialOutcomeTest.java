package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.asterisk.CallStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DialOutcomeTest {

    @ParameterizedTest
    @EnumSource(CallStatus.class)
    void everyCallStatusIsRecordedAsTheOutcomeOfItsNameAndReadBackAsItself(CallStatus status) {
        DialOutcome outcome = DialOutcome.of(status);

        assertThat(outcome.name()).isEqualTo(status.name());
        assertThat(outcome.callStatus()).contains(status);
    }

    @Test
    void onlyACallPlacedAndEndedNormallyLetsItsStepSucceed() {
        assertThat(java.util.Arrays.stream(DialOutcome.values()).filter(DialOutcome::failsStep))
                .containsExactlyInAnyOrder(DialOutcome.FAILED, DialOutcome.NOT_PLACED, DialOutcome.ERROR,
                        DialOutcome.INTERRUPTED, DialOutcome.SUPPRESSED);
    }

    @Test
    void anOutcomeThisCodeDoesNotKnowFailsLoudly() {
        assertThatThrownBy(() -> DialOutcome.of("RINGING")).isInstanceOf(IllegalArgumentException.class);
    }
}
