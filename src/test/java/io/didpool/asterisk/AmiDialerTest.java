package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The AMI dialer against {@link AmiPeer}, a peer on a real socket that speaks AMI as Asterisk 22 does. */
class AmiDialerTest {

    private final AmiPeer peer = new AmiPeer();
    private AmiLink link;

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        peer.close();
    }

    static AmiSettings settings(int port, String password) {
        return new AmiSettings("127.0.0.1", port, AmiPeer.USERNAME, password, "didpool-outbound",
                Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofSeconds(1));
    }

    private AmiDialer dialer() {
        return dialer(settings(peer.port(), AmiPeer.PASSWORD));
    }

    /**
     * A dialer that would wait a minute for an outcome it is never told: a call that ends well before then was
     * ended by what the test made happen, not by a timeout, however loaded the machine.
     */
    private AmiDialer patientDialer() {
        return dialer(new AmiSettings("127.0.0.1", peer.port(), AmiPeer.USERNAME, AmiPeer.PASSWORD,
                "didpool-outbound", Duration.ofSeconds(60), Duration.ofMillis(1500), Duration.ofSeconds(1)));
    }

    private AmiDialer dialer(AmiSettings dialerSettings) {
        link = new AmiLink(settings(peer.port(), AmiPeer.PASSWORD));
        AmiDialer dialer = new AmiDialer(link, dialerSettings);
        link.start();
        assertThat(link.isUp()).isTrue();
        return dialer;
    }

    static OutboundCall call(String callId) {
        return new OutboundCall(callId, "+14155550123", "+14155550100", "TWILIO", "custom/voice_template_123",
                "+14155550199");
    }

    @Test
    void sendsTheExactOriginateOfTheContractWithTheCallIdAsChannelId() {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of(originateResponse(callId, "Success", 4)));

        CallOutcome outcome = dialer.call(call(callId));

        assertThat(outcome.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(outcome.channel()).isEqualTo("PJSIP/TWILIO-00000001");
        List<AmiPeer.Action> originates = peer.received("Originate");
        assertThat(originates).hasSize(1);
        AmiPeer.Action sent = originates.get(0);
        assertThat(sent.get("Channel")).isEqualTo("PJSIP/+14155550123@TWILIO");
        assertThat(sent.get("CallerID")).isEqualTo("+14155550100");
        assertThat(sent.get("Context")).isEqualTo("didpool-outbound");
        assertThat(sent.get("Exten")).isEqualTo("s");
        assertThat(sent.get("Priority")).isEqualTo("1");
        assertThat(sent.get("Async")).isEqualTo("true");
        assertThat(sent.get("Timeout")).isEqualTo("1000");
        assertThat(sent.get("ChannelId")).isEqualTo(callId);
        assertThat(sent.all("Variable")).containsExactlyInAnyOrder("DIDPOOL_CALL_ID=" + callId,
                "DIDPOOL_DID=+14155550100", "DIDPOOL_AUDIO_FILE=custom/voice_template_123",
                "DIDPOOL_TRANSFER_NUMBER=+14155550199");
        assertThat(sent.headers().keySet()).containsExactlyInAnyOrder("action", "actionid", "channel", "callerid",
                "context", "exten", "priority", "async", "timeout", "channelid", "variable");
    }

    @Test
    void sendsEmptyVariablesWhenThereIsNoAudioFileOrTransfer() {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of(originateResponse(callId, "Success", 4)));

        dialer.call(new OutboundCall(callId, "+14155550123", "+14155550100", "TWILIO", null, " "));

        assertThat(peer.received("Originate").get(0).all("Variable")).contains("DIDPOOL_AUDIO_FILE=",
                "DIDPOOL_TRANSFER_NUMBER=");
    }

    record Mapping(String name, Function<String, List<AmiPeer.Step>> script, CallStatus expected, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Mapping> outcomes() {
        return List.of(
                new Mapping("200 OK: Success, reason 4", id -> List.of(originateResponse(id, "Success", 4)),
                        CallStatus.ANSWERED, "answered"),
                new Mapping("rings out: Failure, reason 3", id -> List.of(originateResponse(id, "Failure", 3)),
                        CallStatus.NO_ANSWER, "reason 3"),
                new Mapping("486 with DialEnd BUSY after the OriginateResponse", id -> List.of(
                        originateResponse(id, "Failure", 0), later(300, dialEnd(id, "BUSY")),
                        new AmiPeer.Step(0, hangup(id, 17, "User busy"))), CallStatus.BUSY, "DialEnd BUSY"),
                new Mapping("486 with DialEnd BUSY before the OriginateResponse", id -> List.of(
                        new AmiPeer.Step(0, dialEnd(id, "BUSY")), originateResponse(id, "Failure", 0)),
                        CallStatus.BUSY, "DialEnd BUSY"),
                new Mapping("503: DialEnd CONGESTION, Hangup 34", id -> List.of(originateResponse(id, "Failure", 0),
                        later(200, dialEnd(id, "CONGESTION")), new AmiPeer.Step(0, hangup(id, 34, "Circuit/channel "
                                + "congestion"))), CallStatus.CONGESTION, "DialEnd CONGESTION"),
                new Mapping("only a Hangup cause 17", id -> List.of(originateResponse(id, "Failure", 0),
                        later(200, hangup(id, 17, "User busy"))), CallStatus.BUSY, "Hangup cause 17"),
                new Mapping("only a Hangup cause 34", id -> List.of(originateResponse(id, "Failure", 0),
                        later(200, hangup(id, 34, "Circuit/channel congestion"))), CallStatus.CONGESTION,
                        "Hangup cause 34"),
                new Mapping("Failure, reason 5", id -> List.of(originateResponse(id, "Failure", 5)),
                        CallStatus.BUSY, "reason 5"),
                new Mapping("Failure, reason 8", id -> List.of(originateResponse(id, "Failure", 8)),
                        CallStatus.CONGESTION, "reason 8"),
                new Mapping("Failure, reason 0 and nothing else", id -> List.of(originateResponse(id, "Failure", 0)),
                        CallStatus.FAILED, "reason 0"),
                new Mapping("another call's events are not this call's", id -> List.of(
                        new AmiPeer.Step(0, dialEnd("other-call", "BUSY")),
                        new AmiPeer.Step(0, hangup("other-call", 17, "User busy")),
                        originateResponse(id, "Failure", 0), later(200, dialEnd(id, "CONGESTION"))),
                        CallStatus.CONGESTION, "DialEnd CONGESTION"),
                new Mapping("no OriginateResponse at all", id -> List.of(), CallStatus.FAILED,
                        "no OriginateResponse from Asterisk within 3 s"));
    }

    @ParameterizedTest
    @MethodSource("outcomes")
    void mapsWhatAsteriskSaysToTheCallOutcome(Mapping mapping) {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> mapping.script().apply(callId));

        long started = System.nanoTime();
        CallOutcome outcome = dialer.call(call(callId));

        assertThat(outcome.status()).isEqualTo(mapping.expected());
        assertThat(outcome.reason()).contains(mapping.reason());
        // never waits past its bound (3 s here, the ring timeout and two response timeouts); generous for 2 cores
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void anOriginateAsteriskRefusesFailsWithItsMessage() {
        AmiDialer dialer = dialer();
        peer.refuseOriginate("Originate failed: permission denied");

        CallOutcome outcome = dialer.call(call(UUID.randomUUID().toString()));

        assertThat(outcome.status()).isEqualTo(CallStatus.FAILED);
        assertThat(outcome.reason()).isEqualTo("Asterisk refused the Originate: Originate failed: permission denied");
    }

    @Test
    void aWrongPasswordIsAClearStartUpErrorNamingTheHostButNotThePassword() {
        AmiSettings wrong = settings(peer.port(), "not-the-password");
        link = new AmiLink(wrong);

        assertThatThrownBy(link::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + peer.port())
                .hasMessageContaining("refused")
                .hasMessageNotContaining("not-the-password");
        assertThat(wrong.toString()).doesNotContain("not-the-password");
        assertThat(link.isUp()).isFalse();
    }

    @Test
    void reconnectsAfterThePeerRestartsAndFailsCallsAtOnceWhileItIsDown() throws Exception {
        AmiDialer dialer = patientDialer();

        peer.stop();
        awaitLink(false);
        long started = System.nanoTime();
        CallOutcome whileDown = dialer.call(call(UUID.randomUUID().toString()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed without waiting for an outcome")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(whileDown.status()).isEqualTo(CallStatus.FAILED);
        assertThat(whileDown.reason()).contains("AMI link to Asterisk at 127.0.0.1:" + peer.port() + " is down");

        peer.start();
        awaitLink(true);
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of(originateResponse(callId, "Success", 4)));
        assertThat(dialer.call(call(callId)).status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(peer.received("Login")).hasSize(2);
    }

    @Test
    void anAsteriskUnreachableAtStartIsLoggedInToOnceItAnswers() throws Exception {
        peer.stop();
        link = new AmiLink(settings(peer.port(), AmiPeer.PASSWORD));
        AmiDialer dialer = new AmiDialer(link, settings(peer.port(), AmiPeer.PASSWORD));
        link.start();
        assertThat(link.isUp()).isFalse();
        assertThat(dialer.call(call(UUID.randomUUID().toString())).reason()).contains("is down");

        peer.start();
        awaitLink(true);
    }

    @Test
    void placesNoCallUntilAsteriskSaysFullyBooted() {
        peer.booted(false);
        link = new AmiLink(settings(peer.port(), AmiPeer.PASSWORD));
        AmiDialer dialer = new AmiDialer(link, settings(peer.port(), AmiPeer.PASSWORD));
        link.start();

        CallOutcome outcome = dialer.call(call(UUID.randomUUID().toString()));

        assertThat(outcome.status()).isEqualTo(CallStatus.FAILED);
        assertThat(outcome.reason()).contains("is down", "not fully booted");
        assertThat(peer.received("Originate")).isEmpty();
    }

    @Test
    void aLinkLostDuringACallFailsItAtOnce() {
        AmiDialer dialer = patientDialer();
        String callId = UUID.randomUUID().toString();
        // Asterisk goes away 200 ms into the call, after it has queued the Originate
        peer.onOriginate(action -> {
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(peer::stop);
            return List.of();
        });

        long started = System.nanoTime();
        CallOutcome outcome = dialer.call(call(callId));

        assertThat(outcome.status()).isEqualTo(CallStatus.FAILED);
        assertThat(outcome.reason()).contains("was lost while the call was in progress");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed without waiting for an outcome")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void rejectsInjectionAttemptsBeforeAnythingIsSent() {
        AmiDialer dialer = dialer();
        for (OutboundCall bad : CallValidationTest.injectionAttempts()) {
            assertThatThrownBy(() -> dialer.call(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(peer.received("Originate")).isEmpty();
    }

    private void awaitLink(boolean up) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> link.isUp() == up);
    }

    static AmiPeer.Step originateResponse(String callId, String response, int reason) {
        return new AmiPeer.Step(50, AmiPeer.packet("Event: OriginateResponse", "${ActionID}",
                "Privilege: call,all", "Response: " + response, "Channel: PJSIP/TWILIO-00000001",
                "Context: didpool-outbound", "Exten: s", "Application: ", "Data: ", "Reason: " + reason,
                "Uniqueid: " + callId, "CallerIDNum: +14155550100", "CallerIDName: <unknown>"));
    }

    static AmiPeer.Step later(long millis, String packet) {
        return new AmiPeer.Step(millis, packet);
    }

    static String dialEnd(String callId, String status) {
        return AmiPeer.packet("Event: DialEnd", null, "Privilege: call,all", "DestChannel: PJSIP/TWILIO-00000001",
                "DestChannelState: 0", "DestUniqueid: " + callId, "DestLinkedid: " + callId,
                "DialStatus: " + status);
    }

    static String hangup(String callId, int cause, String text) {
        return AmiPeer.packet("Event: Hangup", null, "Privilege: call,all", "Channel: PJSIP/TWILIO-00000001",
                "ChannelState: 0", "Uniqueid: " + callId, "Linkedid: " + callId, "Cause: " + cause,
                "Cause-txt: " + text);
    }
}
