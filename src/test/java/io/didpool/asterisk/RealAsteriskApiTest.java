package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole service configured with {@code didpool.ami.*} pointing at a real Asterisk ({@link RealAsterisk}): the
 * AMI dialer is the one wired, and {@code GET /api/asterisk/trunks/{name}} shows what that Asterisk reports. Its own
 * application context (closed after the class, since no other test shares it); skipped without a real Asterisk.
 */
@ExtendWith(RealAsterisk.Required.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RealAsteriskApiTest extends IntegrationTest {

    private static RealAsterisk asterisk;

    @Autowired
    Dialer dialer;

    private static synchronized RealAsterisk asterisk() {
        if (asterisk == null) {
            asterisk = RealAsterisk.start("TWILIO");
        }
        return asterisk;
    }

    @DynamicPropertySource
    static void ami(DynamicPropertyRegistry registry) {
        for (String name : List.of("didpool.ami.host", "didpool.ami.port", "didpool.ami.username",
                "didpool.ami.password")) {
            registry.add(name, () -> asterisk().springProperties().get(name));
        }
        registry.add("didpool.asterisk.ring-timeout", () -> "5s");
    }

    @AfterAll
    static void stopAsterisk() {
        if (asterisk != null) {
            asterisk.close();
            asterisk = null;
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void showsTheTrunkEndpointAsThisAsteriskReportsItWithTheTenantsDidCount(CapturedOutput output) {
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550111", "trunk", "TWILIO")).expect(201);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550112", "trunk", "TWILIO")).expect(201);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550113", "trunk", "BACKUP")).expect(201);

        JsonNode twilio = tenant.get("/api/asterisk/trunks/TWILIO").expect(200).json();
        assertThat(twilio.get("amiConfigured").asBoolean()).isTrue();
        assertThat(twilio.get("known").asBoolean()).isTrue();
        assertThat(twilio.get("didCount").asLong()).isEqualTo(2);
        assertThat(twilio.get("endpoint").get("deviceState").asString()).isEqualTo("Not in use");
        assertThat(twilio.get("endpoint").get("outboundAuth").asString()).isEqualTo("TWILIO-auth");
        assertThat(twilio.get("endpoint").get("contacts").get(0).get("uri").asString())
                .isEqualTo("sip:" + RealAsterisk.FAR_END_IP + ":" + asterisk().farEnd().getPort());

        JsonNode ami = api().withToken(ADMIN_TOKEN).get("/actuator/health").expect(200).json()
                .get("components").get("ami");
        assertThat(ami.get("status").asString()).isEqualTo("UP");
        assertThat(ami.get("details").get("state").asString()).isEqualTo("CONNECTED");

        JsonNode backup = tenant.get("/api/asterisk/trunks/BACKUP").expect(200).json();
        assertThat(backup.get("known").asBoolean()).isFalse();
        assertThat(backup.get("didCount").asLong()).isEqualTo(1);
        assertThat(backup.get("message").asString()).contains("no PJSIP endpoint named 'BACKUP'");
        // the endpoint's AuthDetail carries credential fields: asterisk-java must not log them (nor anything else)
        assertThat(output.getAll()).doesNotContain("Unable to set property", RealAsterisk.TRUNK_PASSWORD);
    }

    @Test
    void theServicesDialerPlacesTheCallThroughThisAsterisk() {
        assertThat(dialer).isInstanceOf(AmiDialer.class);
        try (Sipp farEnd = Sipp.start("busy", asterisk().farEnd(), 1, asterisk().directory())) {
            CallOutcome outcome = AmiDialerTest.await(dialer.place(new OutboundCall(UUID.randomUUID().toString(),
                    "+14155550123", "+14155550111", "TWILIO", null, null)).outcome());
            assertThat(outcome.status()).as(outcome.reason()).isEqualTo(CallStatus.BUSY);
            assertThat(farEnd.awaitInvites(1, Duration.ofSeconds(5))).singleElement()
                    .satisfies(invite -> assertThat(invite.pAssertedIdentity()).contains("+14155550111"));
        }
    }

    @Test
    void journeyExecutionCallsOutWithTheDidThatRotationChoseAsCallerId() {
        ApiClient tenant = newTenant();
        JsonNode first = tenant.post("/api/asterisk-dids",
                Map.of("number", "+14155550141", "segment", "twilio-main", "trunk", "TWILIO")).expect(201).json();
        tenant.post("/api/asterisk-dids",
                Map.of("number", "+14155550142", "segment", "twilio-main", "trunk", "TWILIO")).expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "real-call", "nodes", List.of(
                        Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "twilio-main")))))
                .expect(201).json().get("id").asString();

        try (Sipp farEnd = Sipp.start("answer", asterisk().farEnd(), 2, asterisk().directory())) {
            List<JsonNode> steps = new java.util.ArrayList<>();
            for (String destination : List.of("+14155550123", "+14155550124")) {
                String execution = tenant.post("/api/journeys/" + journey + "/executions",
                        Map.of("contact", Map.of("phoneNumber", destination))).expect(202).json().get("id").asString();
                steps.add(awaitFinished(tenant, journey, execution).get("steps").get(0));
            }

            List<Sipp.Invite> invites = farEnd.awaitInvites(2, Duration.ofSeconds(10));
            assertThat(steps).extracting(step -> step.get("outcome").asString()).containsExactly("ANSWERED", "ANSWERED");
            assertThat(steps).extracting(step -> step.get("selectedBy").asString()).containsOnly("SEGMENT");
            // rotation: the two calls of the segment went out with its two DIDs, the never-used lowest number first
            assertThat(steps.get(0).get("did").get("number").asString()).isEqualTo(first.get("number").asString());
            assertThat(steps.get(1).get("did").get("number").asString()).isEqualTo("+14155550142");
            for (int i = 0; i < 2; i++) {
                String did = steps.get(i).get("did").get("number").asString();
                Sipp.Invite invite = invites.get(i);
                assertThat(invite.requestUri()).contains(i == 0 ? "+14155550123" : "+14155550124");
                assertThat(invite.from()).contains(did);
                assertThat(invite.pAssertedIdentity()).contains(did);
                // the channel Asterisk created for the call on the DID's trunk
                assertThat(steps.get(i).get("channel").asString()).startsWith("PJSIP/TWILIO-");
            }
        }
    }

    @Test
    void aJourneyStepRecordsABusyCalleeAsBusyAndTriesNoAgain() {
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550171", "segment", "busy", "trunk", "TWILIO"))
                .expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "busy", "nodes", List.of(
                        Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "busy")))))
                .expect(201).json().get("id").asString();

        try (Sipp farEnd = Sipp.start("busy", asterisk().farEnd(), 1, asterisk().directory())) {
            String execution = tenant.post("/api/journeys/" + journey + "/executions",
                    Map.of("contact", Map.of("phoneNumber", "+14155550172"))).expect(202).json().get("id").asString();
            JsonNode done = awaitFinished(tenant, journey, execution);

            assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
            JsonNode step = done.get("steps").get(0);
            assertThat(step.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(step.get("outcome").asString()).isEqualTo("BUSY");
            assertThat(step.get("attempts").asInt()).isEqualTo(1);
            assertThat(farEnd.awaitInvites(1, Duration.ofSeconds(5))).hasSize(1);
        }
    }

    @Test
    void aCampaignGoesThroughTheRealAsteriskAtItsTrunksPace() {
        api().withToken(ADMIN_TOKEN).put("/api/admin/trunks/TWILIO", Map.of("callsPerSecond", 2)).expect(200);
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550151", "segment", "paced", "trunk", "TWILIO"))
                .expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "paced", "nodes", List.of(
                        Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "paced")))))
                .expect(201).json().get("id").asString();
        List<Map<String, String>> contacts = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            contacts.add(Map.of("phoneNumber", "+1415555016" + i));
        }

        try (Sipp farEnd = Sipp.start("answer", asterisk().farEnd(), contacts.size(), asterisk().directory())) {
            String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "paced",
                    "contacts", contacts)).expect(201).json().get("id").asString();
            JsonNode done = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
                    .until(() -> tenant.get("/api/campaigns/" + campaign).expect(200).json(),
                            c -> c.get("status").asString().equals("DONE"));
            assertThat(done.get("completed").asLong()).as(done.toString()).isEqualTo(contacts.size());

            List<Sipp.Invite> invites = farEnd.awaitInvites(contacts.size(), Duration.ofSeconds(10));
            assertThat(invites).hasSize(contacts.size());
            for (int i = 1; i < invites.size(); i++) {
                // 2 set-ups a second, less didpool's headroom: about 530 ms apart at the far end
                assertThat(Duration.between(invites.get(i - 1).at(), invites.get(i).at()))
                        .as("between INVITEs %d and %d", i - 1, i).isGreaterThan(Duration.ofMillis(400));
            }
            JsonNode executions = tenant.get("/api/campaigns/" + campaign + "/executions").expect(200).json();
            executions.get("items").forEach(execution -> assertThat(execution.get("steps").get(0).get("outcome")
                    .asString()).isEqualTo("ANSWERED"));
        } finally {
            api().withToken(ADMIN_TOKEN).put("/api/admin/trunks/TWILIO", Map.of("callsPerSecond", 1000)).expect(200);
        }
    }

    private static JsonNode awaitFinished(ApiClient tenant, String journey, String execution) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode state = tenant.get("/api/journeys/" + journey + "/executions/" + execution).expect(200).json();
            String status = state.get("status").asString();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                return state;
            }
            RealAsterisk.sleep(100);
        }
        throw new AssertionError("execution " + execution + " did not finish within 30 s");
    }
}
