package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The AMI dialer against {@link AmiPeer}, a peer on a real socket that speaks AMI as Asterisk 22 does. */
class AmiDialerTest {

    static final String CHANNEL = "PJSIP/TWILIO-00000001";

    private final AmiPeer peer = new AmiPeer();
    private final CallTimers timers = new CallTimers();
    private AmiLink link;

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        peer.close();
        timers.close();
    }

    static AmiProperties settings(int port, String password) {
        return new AmiProperties("127.0.0.1", port, AmiPeer.USERNAME, password, Duration.ofSeconds(1));
    }

    /** Ring timeout 1 s, outcome grace 1.5 s: a call without an OriginateResponse fails after 1 + 2 × 1 s. */
    static AsteriskProperties calls(Duration maxCallDuration) {
        return new AsteriskProperties("didpool-outbound", Duration.ofSeconds(1), Duration.ofMillis(1500),
                maxCallDuration, 10, null);
    }

    private AmiDialer dialer() {
        return dialer(Duration.ofHours(2));
    }

    private AmiDialer dialer(Duration maxCallDuration) {
        link = new AmiLink(settings(peer.port(), AmiPeer.PASSWORD));
        AmiDialer dialer = new AmiDialer(link, calls(maxCallDuration), timers);
        link.start();
        assertThat(link.isUp()).isTrue();
        return dialer;
    }

    static OutboundCall call(String callId) {
        return new OutboundCall(callId, "+14155550123", "+14155550100", "TWILIO", "custom/voice_template_123",
                "+14155550199");
    }

    /** Waits, with a generous bound, for a future the dialer must complete. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("not completed: " + e, e);
        }
    }

    @Test
    void sendsTheExactOriginateOfTheContractWithTheCallIdAsChannelId() {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of(originateResponse(callId, "Success", 4)));

        CallOutcome outcome = await(dialer.place(call(callId)).outcome());

        assertThat(outcome.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(outcome.channel()).isEqualTo(CHANNEL);
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

        await(dialer.place(new OutboundCall(callId, "+14155550123", "+14155550100", "TWILIO", null, " ")).outcome());

        assertThat(peer.received("Originate").get(0).all("Variable")).contains("DIDPOOL_AUDIO_FILE=",
                "DIDPOOL_TRANSFER_NUMBER=");
    }

    @Test
    void anAnsweredCallEndsWhenAsteriskReportsItsChannelHungUp() {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of(originateResponse(callId, "Success", 4),
                later(500, hangup(callId, 16, "Normal Clearing"))));

        PlacedCall placed = dialer.place(call(callId));

        assertThat(placed.callId()).isEqualTo(callId);
        assertThat(await(placed.outcome()).status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(dialer.inProgress()).as("answered, not ended yet").isEqualTo(1);
        CallEnd end = await(placed.ended());
        assertThat(end.kind()).isEqualTo(CallEnd.Kind.HANGUP);
        assertThat(end.hangupCause()).isEqualTo(16);
        assertThat(end.reason()).isEqualTo("Hangup cause 16 (Normal Clearing)");
        assertThat(dialer.inProgress()).isZero();
        assertThat(timers.queued()).as("the max-duration timer was cancelled").isZero();
    }

    @Test
    void aHangupReportedBeforeTheOriginateResponseEndsTheAnsweredCallAtOnce() {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        // the dialplan may finish before Asterisk sends the OriginateResponse
        peer.onOriginate(action -> List.of(new AmiPeer.Step(50, hangup(callId, 16, "Normal Clearing")),
                originateResponse(callId, "Success", 4)));

        PlacedCall placed = dialer.place(call(callId));

        CallEnd end = await(placed.ended());
        assertThat(placed.outcome().join().status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(end.kind()).isEqualTo(CallEnd.Kind.HANGUP);
        assertThat(end.hangupCause()).isEqualTo(16);
        assertThat(dialer.inProgress()).isZero();
    }

    record Mapping(String name, Function<String, List<AmiPeer.Step>> script, CallStatus expected, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Mapping> outcomes() {
        return List.of(
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
                new Mapping("503 as measured: DialEnd CONGESTION before the OriginateResponse, Hangup after",
                        id -> List.of(new AmiPeer.Step(0, dialEnd(id, "CONGESTION")),
                                originateResponse(id, "Failure", 0),
                                new AmiPeer.Step(0, hangup(id, 34, "Circuit/channel congestion"))),
                        CallStatus.CONGESTION, "DialEnd CONGESTION"),
                new Mapping("only a Hangup cause 17", id -> List.of(originateResponse(id, "Failure", 0),
                        later(200, hangup(id, 17, "User busy"))), CallStatus.BUSY, "Hangup cause 17"),
                new Mapping("only a Hangup cause 34", id -> List.of(originateResponse(id, "Failure", 0),
                        later(200, hangup(id, 34, "Circuit/channel congestion"))), CallStatus.CONGESTION,
                        "Hangup cause 34"),
                new Mapping("DialEnd CHANUNAVAIL, then Hangup cause 34", id -> List.of(
                        originateResponse(id, "Failure", 0), later(100, dialEnd(id, "CHANUNAVAIL")),
                        later(100, hangup(id, 34, "Circuit/channel congestion"))), CallStatus.CONGESTION,
                        "DialEnd CHANUNAVAIL, Hangup cause 34"),
                new Mapping("Failure, reason 5", id -> List.of(originateResponse(id, "Failure", 5)),
                        CallStatus.BUSY, "reason 5"),
                new Mapping("Failure, reason 8", id -> List.of(originateResponse(id, "Failure", 8)),
                        CallStatus.CONGESTION, "reason 8"),
                new Mapping("Failure, reason 0 and nothing else within the grace", id -> List.of(
                        originateResponse(id, "Failure", 0)), CallStatus.FAILED, "reason 0"),
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
    void mapsWhatAsteriskSaysToTheOutcomeAndEndsACallThatWasNotAnsweredWithIt(Mapping mapping) {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> mapping.script().apply(callId));

        PlacedCall placed = dialer.place(call(callId));

        CallOutcome outcome = await(placed.outcome());
        assertThat(outcome.status()).isEqualTo(mapping.expected());
        assertThat(outcome.reason()).contains(mapping.reason());
        CallEnd end = await(placed.ended());
        assertThat(end.kind()).isEqualTo(CallEnd.Kind.NOT_ANSWERED);
        assertThat(end.reason()).isEqualTo(outcome.reason());
        assertThat(dialer.inProgress()).isZero();
        assertThat(timers.queued()).isZero();
    }

    @Test
    void anOriginateAsteriskRefusesFailsWithItsMessageAndEnds() {
        AmiDialer dialer = dialer();
        peer.refuseOriginate("Originate failed: permission denied");

        PlacedCall placed = dialer.place(call(UUID.randomUUID().toString()));

        CallOutcome outcome = await(placed.outcome());
        assertThat(outcome.status()).isEqualTo(CallStatus.FAILED);
        assertThat(outcome.reason()).isEqualTo("Asterisk refused the Originate: Originate failed: permission denied");
        assertThat(await(placed.ended()).kind()).isEqualTo(CallEnd.Kind.NOT_ANSWERED);
        assertThat(dialer.inProgress()).isZero();
        assertThat(timers.queued()).as("the OriginateResponse timer was cancelled").isZero();
    }

    @Test
    void anAnsweredCallAsteriskNeverReportsEndedIsHungUpAfterTheMaximumCallDuration() {
        AmiDialer dialer = dialer(Duration.ofMillis(700));
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of(originateResponse(callId, "Success", 4)));

        PlacedCall placed = dialer.place(call(callId));

        assertThat(await(placed.outcome()).status()).isEqualTo(CallStatus.ANSWERED);
        CallEnd end = await(placed.ended());
        assertThat(end.kind()).isEqualTo(CallEnd.Kind.MAX_DURATION);
        assertThat(end.hangupCause()).isNull();
        assertThat(end.reason()).contains("max-call-duration (0.7s)", "hung up by didpool");
        assertThat(dialer.inProgress()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(peer.received("Hangup"))
                .singleElement().satisfies(hangup -> assertThat(hangup.get("Channel")).isEqualTo(CHANNEL)));
    }

    @Test
    void aWrongPasswordIsAClearStartUpErrorNamingTheHostButNotThePassword() {
        AmiProperties wrong = settings(peer.port(), "not-the-password");
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
        AmiDialer dialer = dialer();

        peer.stop();
        awaitLink(false);
        PlacedCall whileDown = dialer.place(call(UUID.randomUUID().toString()));
        assertThat(whileDown.outcome()).as("failed before place returned").isDone();
        assertThat(whileDown.ended()).isDone();
        assertThat(whileDown.outcome().join().status()).isEqualTo(CallStatus.FAILED);
        assertThat(whileDown.outcome().join().reason()).contains("AMI link to Asterisk at 127.0.0.1:" + peer.port()
                + " is down");
        assertThat(dialer.inProgress()).isZero();

        peer.start();
        awaitLink(true);
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of(originateResponse(callId, "Success", 4)));
        assertThat(await(dialer.place(call(callId)).outcome()).status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(peer.received("Login")).hasSize(2);
    }

    @Test
    void anAsteriskUnreachableAtStartIsLoggedInToOnceItAnswers() throws Exception {
        peer.stop();
        link = new AmiLink(settings(peer.port(), AmiPeer.PASSWORD));
        AmiDialer dialer = new AmiDialer(link, calls(Duration.ofHours(2)), timers);
        link.start();
        assertThat(link.isUp()).isFalse();
        assertThat(dialer.place(call(UUID.randomUUID().toString())).outcome().getNow(null).reason())
                .contains("is down");

        peer.start();
        awaitLink(true);
    }

    @Test
    void placesNoCallUntilAsteriskSaysFullyBooted() {
        peer.booted(false);
        link = new AmiLink(settings(peer.port(), AmiPeer.PASSWORD));
        AmiDialer dialer = new AmiDialer(link, calls(Duration.ofHours(2)), timers);
        link.start();

        CallOutcome outcome = dialer.place(call(UUID.randomUUID().toString())).outcome().getNow(null);

        assertThat(outcome.status()).isEqualTo(CallStatus.FAILED);
        assertThat(outcome.reason()).contains("is down", "not fully booted");
        assertThat(peer.received("Originate")).isEmpty();
    }

    @Test
    void aLinkLostBeforeTheOutcomeFailsTheCallAtOnceAndEndsIt() {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of());

        PlacedCall placed = dialer.place(call(callId));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> peer.received("Originate").size() == 1);
        peer.stop();

        CallOutcome outcome = await(placed.outcome());
        assertThat(outcome.status()).isEqualTo(CallStatus.FAILED);
        assertThat(outcome.reason()).contains("was lost while the call was in progress", "outcome is unknown");
        CallEnd end = await(placed.ended());
        assertThat(end.kind()).isEqualTo(CallEnd.Kind.LINK_LOST);
        assertThat(dialer.inProgress()).isZero();
        assertThat(timers.queued()).isZero();
    }

    @Test
    void aLinkLostDuringAnAnsweredCallEndsItWithItsEndUnknown() {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of(originateResponse(callId, "Success", 4)));

        PlacedCall placed = dialer.place(call(callId));
        assertThat(await(placed.outcome()).status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(placed.ended()).isNotDone();
        peer.stop();

        CallEnd end = await(placed.ended());
        assertThat(end.kind()).isEqualTo(CallEnd.Kind.LINK_LOST);
        assertThat(end.reason()).isEqualTo("AMI link to Asterisk at 127.0.0.1:" + peer.port()
                + " lost, end unknown");
        assertThat(placed.outcome().join().status()).as("the outcome stays what it was").isEqualTo(
                CallStatus.ANSWERED);
        assertThat(dialer.inProgress()).isZero();
        assertThat(timers.queued()).as("the max-duration timer was cancelled").isZero();
    }

    @Test
    void rejectsInjectionAttemptsBeforeAnythingIsSent() {
        AmiDialer dialer = dialer();
        for (OutboundCall bad : CallValidationTest.injectionAttempts()) {
            assertThatThrownBy(() -> dialer.place(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(peer.received("Originate")).isEmpty();
        assertThat(dialer.inProgress()).isZero();
    }

    @Test
    void refusesASecondCallWithTheIdOfOneInProgress() {
        AmiDialer dialer = dialer();
        String callId = UUID.randomUUID().toString();
        peer.onOriginate(action -> List.of());
        dialer.place(call(callId));

        assertThatThrownBy(() -> dialer.place(call(callId))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callId: a call with this id is already in progress");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> peer.received("Originate").size() == 1);
        Awaitility.await().during(Duration.ofMillis(300)).until(() -> peer.received("Originate").size() == 1);
    }

    private void awaitLink(boolean up) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> link.isUp() == up);
    }

    static AmiPeer.Step originateResponse(String callId, String response, int reason) {
        return new AmiPeer.Step(50, AmiPeer.originateResponse("${ActionID}", callId, response, reason,
                "Success".equals(response) ? CHANNEL : "PJSIP/+14155550123@TWILIO"));
    }

    static AmiPeer.Step later(long millis, String packet) {
        return new AmiPeer.Step(millis, packet);
    }

    static String dialEnd(String callId, String status) {
        return AmiPeer.dialEnd(callId, CHANNEL, status);
    }

    static String hangup(String callId, int cause, String text) {
        return AmiPeer.hangup(callId, CHANNEL, cause, text);
    }
}
