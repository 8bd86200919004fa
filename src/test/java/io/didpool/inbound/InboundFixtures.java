package io.didpool.inbound;

import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** DIDs, journeys that call from them, and the calls (dry-run), through the HTTP API, for the inbound tests. */
final class InboundFixtures {

    private InboundFixtures() {
    }

    /** A DID of the tenant, numbered {@code number}, in {@code segment}; its id. */
    static String did(ApiClient tenant, String number, String segment) {
        return tenant.createDid(number, segment).get("id").asString();
    }

    /** A journey of one call from the DID {@code didId}, whose callbacks go to {@code callbackTo} (null: none). */
    static String journey(ApiClient tenant, String didId, String callbackTo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "calls");
        body.put("nodes", List.of(Map.of("type", "MAKE_CALL", "config", Map.of("didId", didId))));
        body.put("callbackTo", callbackTo);
        return tenant.post("/api/journeys", body).expect(201).json().get("id").asString();
    }

    /** Declares the segment with its inbound route. */
    static void segmentRoute(ApiClient tenant, String segment, String route) {
        tenant.put("/api/asterisk-dids/segments/" + segment, Map.of("description", "inbound",
                "inboundRoute", route)).expect(200);
    }

    /** Runs the journey for {@code contact} until its call is over (dry-run); the execution's id. */
    static String called(ApiClient tenant, String journeyId, String contact) {
        String execution = tenant.post("/api/journeys/" + journeyId + "/executions",
                Map.of("contact", Map.of("phoneNumber", contact))).expect(202).json().get("id").asString();
        String path = "/api/journeys/" + journeyId + "/executions/" + execution;
        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).until(() -> tenant.get(path).expect(200).json(),
                        e -> List.of("COMPLETED", "FAILED").contains(e.get("status").asString()));
        if (!done.get("status").asString().equals("COMPLETED")) {
            throw new AssertionError("the call did not complete: " + done);
        }
        return execution;
    }

    /** Moves the execution's calls {@code ago} into the past (their claim), as if placed then. */
    static void placedAgo(JdbcClient jdbc, String executionId, Duration ago) {
        jdbc.sql("UPDATE calls SET claimed_at = now() - make_interval(secs => :secs) "
                        + "WHERE execution_id = CAST(:id AS uuid)")
                .param("secs", (double) ago.toSeconds())
                .param("id", executionId)
                .update();
    }
}
