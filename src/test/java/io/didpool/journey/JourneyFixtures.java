package io.didpool.journey;

import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Builds DIDs and journeys through the HTTP API and waits for executions, for the journey tests. */
final class JourneyFixtures {

    private JourneyFixtures() {
    }

    /** Creates {@code count} active DIDs numbered from {@code firstNumber} in the segment (null: none). */
    static List<String> dids(ApiClient tenant, long firstNumber, int count, String segment) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> body = new HashMap<>();
            body.put("number", "+" + (firstNumber + i));
            body.put("segment", segment);
            ids.add(tenant.post("/api/asterisk-dids", body).expect(201).json().get("id").asString());
        }
        return ids;
    }

    static Map<String, Object> makeCall(String didId, String didSegment) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("didId", didId);
        config.put("didSegment", didSegment);
        config.put("audioFile", "custom/voice_template_123");
        config.put("transferNumber", "+14155550999");
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", "MAKE_CALL");
        node.put("config", config);
        return node;
    }

    static JsonNode journey(ApiClient tenant, List<Map<String, Object>> nodes) {
        return tenant.post("/api/journeys", Map.of("name", "campaign", "nodes", nodes)).expect(201).json();
    }

    static String execute(ApiClient tenant, String journeyId, String phoneNumber) {
        JsonNode queued = tenant.post("/api/journeys/" + journeyId + "/executions",
                Map.of("contact", Map.of("phoneNumber", phoneNumber))).expect(202).json();
        return queued.get("id").asString();
    }

    /** Waits until the execution is COMPLETED or FAILED and answers it. */
    static JsonNode finished(ApiClient tenant, String journeyId, String executionId) {
        String path = "/api/journeys/" + journeyId + "/executions/" + executionId;
        return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> tenant.get(path).expect(200).json(),
                        execution -> List.of("COMPLETED", "FAILED").contains(execution.get("status").asString()));
    }
}
