package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The test tool itself: {@link AmiPeer}'s carrier mode, which stands for Twilio Elastic SIP Trunking behind Asterisk
 * in the tests of pacing. Driven through the real AMI dialer, so that what it sends is read as didpool reads Asterisk.
 */
class AmiPeerCarrierTest {

    private final AmiPeer peer = new AmiPeer();
    private final CallTimers timers = new CallTimers();
    private final AmiLink link = new AmiLink(AmiDialerTest.settings(peer.port(), AmiPeer.PASSWORD));
    private final AmiDialer dialer = new AmiDialer(link, AmiDialerTest.calls(Duration.ofHours(2)), timers);

    @AfterEach
    void stop() {
        link.close();
        peer.close();
        timers.close();
    }

    private static OutboundCall call(int i, String destination, String trunk) {
        return new OutboundCall("carrier-" + i, destination, "+14155550100", trunk, null, null);
    }

    @Test
    void refusesTheSetUpsOverItsCallsPerSecondAsTwilioDoesAndAnswersTheOthers() {
        peer.carrier(2, Duration.ofMillis(200), Duration.ofMillis(300));
        link.start();

        List<PlacedCall> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(dialer.place(call(i, "+1415555012" + i, "TWILIO")));
        }

        List<CallOutcome> outcomes = calls.stream().map(c -> AmiDialerTest.await(c.outcome())).toList();
        List<AmiPeer.Originated> originates = peer.originates();
        assertThat(originates).hasSize(5);
        assertThat(originates.get(4).arrivedNanos() - originates.get(0).arrivedNanos())
                .as("the five set-ups arrived within one second (else the test proves nothing)")
                .isLessThan(Duration.ofSeconds(1).toNanos());
        assertThat(originates).extracting(AmiPeer.Originated::trunk).containsOnly("TWILIO");
        assertThat(originates).extracting(AmiPeer.Originated::fate).containsExactly(AmiPeer.Fate.ANSWERED,
                AmiPeer.Fate.ANSWERED, AmiPeer.Fate.REFUSED_OVER_CPS, AmiPeer.Fate.REFUSED_OVER_CPS,
                AmiPeer.Fate.REFUSED_OVER_CPS);
        // the first two to arrive were answered, whatever order the dialer sent them in
        for (int i = 0; i < 5; i++) {
            String callId = originates.get(i).callId();
            CallOutcome outcome = outcomes.get(Integer.parseInt(callId.substring("carrier-".length())));
            assertThat(outcome.status()).as(outcome.reason())
                    .isEqualTo(i < 2 ? CallStatus.ANSWERED : CallStatus.CONGESTION);
        }
        assertThat(outcomes).filteredOn(o -> o.status() == CallStatus.CONGESTION).allSatisfy(o -> assertThat(
                o.reason()).isEqualTo("OriginateResponse Failure, reason 0, DialEnd CONGESTION"));
        List<CallEnd> ends = calls.stream().map(c -> AmiDialerTest.await(c.ended())).toList();
        assertThat(ends).filteredOn(e -> e.kind() == CallEnd.Kind.HANGUP).hasSize(2)
                .allSatisfy(e -> assertThat(e.hangupCause()).isEqualTo(16));
        assertThat(ends).filteredOn(e -> e.kind() == CallEnd.Kind.NOT_ANSWERED).hasSize(3);
        assertThat(peer.maxSetUps("TWILIO", Duration.ofSeconds(1))).isEqualTo(5);
        assertThat(peer.maxInProgress("TWILIO")).as("refused set-ups are never in progress").isEqualTo(2);
        assertThat(dialer.inProgress()).isZero();
    }

    @Test
    void admitsAgainOnceTheOneSecondWindowHasPassedAndLimitsEachTrunkOnItsOwn() throws Exception {
        peer.carrier(1, Duration.ofMillis(100), Duration.ofMillis(100)).callsPerSecond("BACKUP", 2);
        link.start();

        List<PlacedCall> first = List.of(dialer.place(call(0, "+14155550120", "TWILIO")),
                dialer.place(call(1, "+14155550121", "BACKUP")), dialer.place(call(2, "+14155550122", "BACKUP")));
        assertThat(first).allSatisfy(c -> assertThat(AmiDialerTest.await(c.outcome()).status())
                .isEqualTo(CallStatus.ANSWERED));
        Thread.sleep(1100);
        PlacedCall later = dialer.place(call(3, "+14155550123", "TWILIO"));

        assertThat(AmiDialerTest.await(later.outcome()).status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(peer.maxSetUps("TWILIO", Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(peer.maxSetUps("BACKUP", Duration.ofSeconds(1))).isEqualTo(2);
    }

    @Test
    void answersBusyOrNotAtAllForTheDestinationsSoConfigured() {
        peer.carrier(10, Duration.ofMillis(100), Duration.ofMillis(100))
                .callee("+14155550131", AmiPeer.Callee.BUSY).callee("+14155550132", AmiPeer.Callee.NO_ANSWER);
        link.start();

        PlacedCall busy = dialer.place(call(1, "+14155550131", "TWILIO"));
        PlacedCall noAnswer = dialer.place(call(2, "+14155550132", "TWILIO"));

        assertThat(AmiDialerTest.await(busy.outcome()).status()).isEqualTo(CallStatus.BUSY);
        assertThat(AmiDialerTest.await(busy.outcome()).reason()).contains("DialEnd BUSY");
        CallOutcome rangOut = AmiDialerTest.await(noAnswer.outcome());
        assertThat(rangOut.status()).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(rangOut.reason()).contains("reason 3");
        assertThat(peer.originates()).extracting(AmiPeer.Originated::fate).containsExactlyInAnyOrder(
                AmiPeer.Fate.BUSY, AmiPeer.Fate.NO_ANSWER);
    }
}
