package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A DID's health from the outcomes of its calls, end to end: journeys call out through the AMI dialer to
 * {@link AmiPeer}, which answers each Originate as scripted; the runner reports each outcome and the segment's policy
 * rests the DID once its answer rate over its last calls falls below the threshold. Its own application context (the
 * AMI settings point at this peer), closed after the class.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CallerIdHealthThroughAmiTest extends IntegrationTest {

    private static final AmiPeer PEER = new AmiPeer();
    /** What the peer answers to each coming Originate, in order. */
    private static final Queue<Function<String, List<AmiPeer.Step>>> SCRIPT = new ConcurrentLinkedQueue<>();

    @DynamicPropertySource
    static void ami(DynamicPropertyRegistry registry) {
        registry.add("didpool.ami.host", () -> "127.0.0.1");
        registry.add("didpool.ami.port", PEER::port);
        registry.add("didpool.ami.username", () -> AmiPeer.USERNAME);
        registry.add("didpool.ami.password", () -> AmiPeer.PASSWORD);
        registry.add("didpool.asterisk.outcome-grace", () -> "300ms");
        // a set-up refused by the carrier ends the call at once here, instead of being tried again
        registry.add("didpool.dialing.max-attempts", () -> "1");
        PEER.onOriginate(action -> {
            Function<String, List<AmiPeer.Step>> next = SCRIPT.poll();
            return next == null ? List.of() : next.apply(action.get("ChannelId"));
        });
    }

    @AfterAll
    static void stopPeer() {
        PEER.close();
    }

    /** Answered, then hung up by the callee a moment later: an answered call is in progress until it ends. */
    static Function<String, List<AmiPeer.Step>> answered() {
        return id -> List.of(AmiDialerTest.originateResponse(id, "Success", 4),
                AmiDialerTest.later(50, AmiDialerTest.hangup(id, 16, "Normal Clearing")));
    }

    static Function<String, List<AmiPeer.Step>> rangOut() {
        return id -> List.of(AmiDialerTest.originateResponse(id, "Failure", 3));
    }

    static Function<String, List<AmiPeer.Step>> busy() {
        return id -> List.of(AmiDialerTest.originateResponse(id, "Failure", 0),
                AmiDialerTest.later(50, AmiDialerTest.dialEnd(id, "BUSY")));
    }

    static Function<String, List<AmiPeer.Step>> congestion() {
        return id -> List.of(AmiDialerTest.originateResponse(id, "Failure", 0),
                AmiDialerTest.later(50, AmiDialerTest.dialEnd(id, "CONGESTION")));
    }

    static Function<String, List<AmiPeer.Step>> failed() {
        return id -> List.of(AmiDialerTest.originateResponse(id, "Failure", 0));
    }

    private JsonNode call(ApiClient tenant, String journey, Function<String, List<AmiPeer.Step>> outcome) {
        SCRIPT.add(outcome);
        String execution = tenant.post("/api/journeys/" + journey + "/executions",
                Map.of("contact", Map.of("phoneNumber", "+13125550123"))).expect(202).json().get("id").asString();
        String path = "/api/journeys/" + journey + "/executions/" + execution;
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> tenant.get(path).expect(200).json(),
                        e -> List.of("COMPLETED", "FAILED").contains(e.get("status").asString()))
                .get("steps").get(0);
    }

    @Test
    void aDidWhoseCallsStopBeingAnsweredRestsAndCarrierRefusalsDoNotCount() {
        ApiClient tenant = newTenant();
        String did = tenant.post("/api/asterisk-dids", Map.of("number", "+14155550150", "segment", "health"))
                .expect(201).json().get("id").asString();
        tenant.put("/api/asterisk-dids/segments/health/policy", Map.of("restBelowAnswerRate", 0.3,
                "healthWindowCalls", 4, "restHours", 2)).expect(200);
        String journey = tenant.post("/api/journeys", Map.of("name", "health", "nodes", List.of(
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "health"))))).expect(201).json()
                .get("id").asString();

        JsonNode first = call(tenant, journey, answered());
        assertThat(first.get("outcome").asString()).isEqualTo("ANSWERED");
        assertThat(first.get("segment").asString()).isEqualTo("health");
        assertThat(first.get("match").asString()).isEqualTo("ANY");
        assertThat(rate(tenant, did)).isEqualTo(1.0);

        assertThat(call(tenant, journey, congestion()).get("outcome").asString()).isEqualTo("CONGESTION");
        assertThat(rate(tenant, did)).as("a carrier refusal of the set-up does not count").isEqualTo(1.0);
        assertThat(call(tenant, journey, rangOut()).get("outcome").asString()).isEqualTo("NO_ANSWER");
        assertThat(rate(tenant, did)).isEqualTo(0.5);
        assertThat(call(tenant, journey, busy()).get("outcome").asString()).isEqualTo("BUSY");
        assertThat(rate(tenant, did)).isEqualTo(0.333);
        assertThat(tenant.get("/api/asterisk-dids/" + did).json().get("restingUntil").isNull())
                .as("three outcomes: not yet a window of four").isTrue();

        assertThat(call(tenant, journey, failed()).get("outcome").asString()).isEqualTo("FAILED");
        JsonNode rested = tenant.get("/api/asterisk-dids/" + did).json();
        assertThat(rested.get("answerRate").asDouble()).isEqualTo(0.25);
        assertThat(rested.get("selectable").asBoolean()).isFalse();
        Instant until = Instant.parse(rested.get("restingUntil").asString());
        assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(110)), Instant.now().plusSeconds(7300));

        JsonNode refused = call(tenant, journey, answered());
        assertThat(refused.get("status").asString()).isEqualTo("FAILED");
        assertThat(refused.get("error").asString()).contains("segment health", "1 resting");
        SCRIPT.clear();

        // reinstated by hand: the outcomes that rested it no longer count, four new ones are needed
        java.util.Map<String, Object> reinstate = new java.util.HashMap<>();
        reinstate.put("restingUntil", null);
        tenant.put("/api/asterisk-dids/" + did, reinstate).expect(200);
        tenant.put("/api/asterisk-dids/" + did, Map.of("restingUntil", Instant.now().minusSeconds(1).toString()))
                .expect(200);
        assertThat(call(tenant, journey, rangOut()).get("outcome").asString()).isEqualTo("NO_ANSWER");
        assertThat(tenant.get("/api/asterisk-dids/" + did).json().get("selectable").asBoolean()).isTrue();
    }

    private static double rate(ApiClient tenant, String did) {
        return tenant.get("/api/asterisk-dids/" + did).expect(200).json().get("answerRate").asDouble();
    }
}
