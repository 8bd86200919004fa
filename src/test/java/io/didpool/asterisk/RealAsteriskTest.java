package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * didpool's dialer, trunk configuration and dialplan against a real Asterisk 22 ({@link RealAsterisk}) whose trunk
 * leads to SIPp ({@link Sipp}) where Twilio would be. Skipped, saying why, without DIDPOOL_TEST_ASTERISK_HOME or sipp.
 */
@ExtendWith(RealAsterisk.Required.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealAsteriskTest {

    static final String TRUNK = "TWILIO";
    static final String DID = "+14155550100";
    static final String DESTINATION = "+14155550123";
    static final String TRANSFER = "+14155550199";

    static RealAsterisk asterisk;
    static AmiLink link;
    static CallTimers timers;
    static AmiDialer dialer;

    private Sipp sipp;

    @BeforeAll
    static void startAsterisk() {
        asterisk = RealAsterisk.start(TRUNK);
        link = new AmiLink(asterisk.amiProperties());
        timers = new CallTimers();
        dialer = new AmiDialer(link, new AsteriskProperties("didpool-outbound", Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofHours(2), 0, null), timers);
        link.start();
    }

    @AfterAll
    static void stopAsterisk() {
        if (link != null) {
            link.close();
        }
        if (timers != null) {
            timers.close();
        }
        if (asterisk != null) {
            asterisk.close();
        }
    }

    @AfterEach
    void stopFarEnd() {
        if (sipp != null) {
            sipp.close();
        }
    }

    private Sipp farEnd(String scenario, int calls) {
        sipp = Sipp.start(scenario, asterisk.farEnd(), calls, asterisk.directory());
        return sipp;
    }

    private static PlacedCall place(String audioFile, String transferNumber) {
        return dialer.place(new OutboundCall(UUID.randomUUID().toString(), DESTINATION, DID, TRUNK, audioFile,
                transferNumber));
    }

    private static CallOutcome call(String audioFile, String transferNumber) {
        return AmiDialerTest.await(place(audioFile, transferNumber).outcome());
    }

    @Test
    @Order(1)
    void theGeneratedTrunkConfigurationAndTheDialplanLoad() {
        String endpoints = asterisk.cli("pjsip show endpoints");
        assertThat(endpoints).contains("Endpoint:  " + TRUNK, "OutAuth:  " + TRUNK + "-auth/"
                + RealAsterisk.TRUNK_USERNAME, "Aor:  " + TRUNK, "Contact:  " + TRUNK + "/sip:"
                + RealAsterisk.FAR_END_IP, "Identify:  " + TRUNK + "-identify/" + TRUNK,
                "Match: " + RealAsterisk.FAR_END_IP + "/32", "Match: 54.172.60.0/30",
                "Match: 177.71.206.192/30");
        assertThat(asterisk.cli("pjsip show endpoint " + TRUNK)).contains("send_pai", "from_domain",
                RealAsterisk.FAR_END_IP);
        assertThat(asterisk.cli("dialplan show didpool-outbound")).contains("Playback(${DIDPOOL_AUDIO_FILE})",
                "Dial(PJSIP/${DIDPOOL_TRANSFER_NUMBER}@${CHANNEL(endpoint)},60)");
        assertThat(asterisk.cli("dialplan show didpool-inbound")).contains("AGI(agi://127.0.0.1:4573/inbound)",
                "Dial(${DIDPOOL_ROUTE},60)", "Hangup(1)", "Busy(3)");
    }

    @Test
    @Order(2)
    void anAnsweredCallLeavesWithTheDestinationInTheRequestUriAndTheDidInFromAndPai() {
        Sipp farEnd = farEnd("answer", 1);
        List<String> eventsRead = new CopyOnWriteArrayList<>();
        link.addListener(event -> eventsRead.add(event.getClass().getSimpleName().replaceFirst("Event$", "")));

        PlacedCall placed = place(null, null);

        CallOutcome outcome = AmiDialerTest.await(placed.outcome());
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(CallStatus.ANSWERED);
        assertThat(outcome.channel()).startsWith("PJSIP/" + TRUNK + "-");
        // no audio file, no transfer: the dialplan hangs up at once, Normal Clearing
        CallEnd end = AmiDialerTest.await(placed.ended());
        assertThat(end.kind()).as(end.reason()).isEqualTo(CallEnd.Kind.HANGUP);
        assertThat(end.hangupCause()).isEqualTo(16);
        List<Sipp.Invite> invites = farEnd.awaitInvites(1, Duration.ofSeconds(5));
        assertThat(invites).hasSize(1);
        Sipp.Invite invite = invites.get(0);
        assertThat(invite.requestUri()).isEqualTo("sip:" + DESTINATION + "@" + RealAsterisk.FAR_END_IP + ":"
                + asterisk.farEnd().getPort());
        assertThat(invite.from()).contains("sip:" + DID + "@");
        assertThat(invite.pAssertedIdentity()).contains("sip:" + DID + "@");
        assertThat(farEnd.awaitExit(Duration.ofSeconds(10))).as("the dialplan hung up").isTrue();
        // the link's event filter: Asterisk sends only what didpool's listeners read (no Newchannel, DialBegin…)
        assertThat(eventsRead).contains("OriginateResponse", "Hangup")
                .allMatch(AmiLink.EVENTS_READ::contains, "one of " + AmiLink.EVENTS_READ);
    }

    @Test
    @Order(3)
    void aFarEndThatOnlyRingsIsNoAnswer() {
        farEnd("ring", 1);
        PlacedCall placed = place(null, null);
        CallOutcome outcome = AmiDialerTest.await(placed.outcome());
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(placed.ended().join().kind()).isEqualTo(CallEnd.Kind.NOT_ANSWERED);
    }

    @Test
    @Order(4)
    void anAnsweredCallEndsWhenTheFarEndHangsUp() {
        RealAsterisk.writeTone(asterisk.sounds().resolve("custom/didpool-long.wav"), 20.0);
        Sipp farEnd = farEnd("hangup", 1);

        // the dialplan plays 20 s of audio; the far end sends its BYE 1.5 s after answering
        PlacedCall placed = place("custom/didpool-long", null);

        assertThat(AmiDialerTest.await(placed.outcome()).status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(placed.ended()).as("talking").isNotDone();
        CallEnd end = AmiDialerTest.await(placed.ended());
        assertThat(farEnd.awaitExit(Duration.ofSeconds(30))).isTrue();
        assertThat(farEnd.exitCode()).as("SIPp sent its BYE and had it answered").isZero();
        assertThat(end.kind()).as(end.reason()).isEqualTo(CallEnd.Kind.HANGUP);
        assertThat(end.hangupCause()).as("the BYE's Q.850 Reason").isEqualTo(16);
        assertThat(end.reason()).isEqualTo("Hangup cause 16 (Normal Clearing)");
        assertThat(dialer.inProgress()).isZero();
    }

    @Test
    @Order(5)
    void a486IsBusy() {
        farEnd("busy", 1);
        CallOutcome outcome = call(null, null);
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(CallStatus.BUSY);
    }

    @Test
    @Order(6)
    void a503IsCongestion() {
        farEnd("congestion", 1);
        CallOutcome outcome = call(null, null);
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(CallStatus.CONGESTION);
    }

    @Test
    @Order(7)
    void theTrunkEndpointStateIsWhatAsteriskReports() {
        TrunkEndpoints trunks = new TrunkEndpoints(
                new StaticListableBeanFactory(Map.of("amiLink", link)).getBeanProvider(AmiLink.class),
                TrunkEndpointsTest.didsOnTrunk(2), TrunkEndpointsTest.openToEveryone());
        TenantId tenant = new TenantId(UUID.randomUUID());

        TrunkStatus known = trunks.status(tenant, TRUNK);
        assertThat(known.known()).isTrue();
        assertThat(known.endpoint().deviceState()).isEqualTo("Not in use");
        assertThat(known.endpoint().aors()).isEqualTo(TRUNK);
        assertThat(known.endpoint().outboundAuth()).isEqualTo(TRUNK + "-auth");
        assertThat(known.endpoint().sendPai()).isTrue();
        assertThat(known.endpoint().contacts()).extracting(TrunkStatus.Contact::uri)
                .containsExactly("sip:" + RealAsterisk.FAR_END_IP + ":" + asterisk.farEnd().getPort());
        assertThat(known.didCount()).isEqualTo(2);

        TrunkStatus unknown = trunks.status(tenant, "BACKUP");
        assertThat(unknown.known()).isFalse();
        assertThat(unknown.message()).contains("no PJSIP endpoint named 'BACKUP'");
    }

    @Test
    @Order(8)
    void theAudioFileIsPlayedThenTheCallIsTransferredOverTheSameTrunk() {
        RealAsterisk.writeTone(asterisk.sounds().resolve("custom/didpool-test.wav"), 1.0);
        Sipp farEnd = farEnd("answer", 2);
        String callId = UUID.randomUUID().toString();
        List<VarSetEvent> variables = new CopyOnWriteArrayList<>();
        ManagerConnection observer = asterisk.observe();
        observer.addEventListener(event -> {
            if (event instanceof VarSetEvent set && callId.equals(set.getUniqueId())) {
                variables.add(set);
            }
        });

        PlacedCall placed = dialer.place(new OutboundCall(callId, DESTINATION, DID, TRUNK, "custom/didpool-test",
                TRANSFER));

        CallOutcome outcome = AmiDialerTest.await(placed.outcome());
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(CallStatus.ANSWERED);
        List<Sipp.Invite> invites = farEnd.awaitInvites(2, Duration.ofSeconds(10));
        assertThat(invites).extracting(Sipp.Invite::requestUri).containsExactly(
                "sip:" + DESTINATION + "@" + RealAsterisk.FAR_END_IP + ":" + asterisk.farEnd().getPort(),
                "sip:" + TRANSFER + "@" + RealAsterisk.FAR_END_IP + ":" + asterisk.farEnd().getPort());
        assertThat(invites.get(1).from()).as("the transfer leg shows the DID too").contains("sip:" + DID + "@");
        observer.logoff();
        assertThat(variables).as("the dialplan's Playback of the file").anySatisfy(set -> {
            assertThat(set.getVariable()).isEqualTo("PLAYBACKSTATUS");
            assertThat(set.getValue()).isEqualTo("SUCCESS");
        });
        assertThat(placed.ended()).as("bridged to the transfer leg: still in progress").isNotDone();
        asterisk.cli("channel request hangup all");
        assertThat(farEnd.awaitExit(Duration.ofSeconds(30))).isTrue();
        assertThat(AmiDialerTest.await(placed.ended()).kind()).isEqualTo(CallEnd.Kind.HANGUP);
        assertThat(dialer.inProgress()).isZero();
    }

    @Test
    @Order(9)
    void afterAsteriskRestartsTheLinkComesBackAndCallsWhileItIsDownFailAtOnce() {
        asterisk.stop();
        awaitLink(false);
        PlacedCall placedWhileDown = place(null, null);
        assertThat(placedWhileDown.outcome()).as("failed before place returned").isDone();
        CallOutcome whileDown = placedWhileDown.outcome().join();
        assertThat(whileDown.status()).isEqualTo(CallStatus.FAILED);
        assertThat(whileDown.reason()).contains("is down");

        asterisk.start();
        awaitLink(true);
        farEnd("answer", 1);
        CallOutcome after = call(null, null);
        assertThat(after.status()).as(after.reason()).isEqualTo(CallStatus.ANSWERED);
    }

    private static void awaitLink(boolean up) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (link.isUp() != up && System.nanoTime() < deadline) {
            RealAsterisk.sleep(100);
        }
        assertThat(link.isUp()).as("AMI link up").isEqualTo(up);
    }
}
