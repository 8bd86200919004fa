package io.didpool.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A journey node's segments follow a rename ({@link SegmentRenames}): its own segment (a column) and its fallback
 * segments (a list in its JSON config), each where it stands.
 */
class SegmentRenamesTest extends IntegrationTest {

    @Test
    void aRenamedFallbackSegmentIsRenamedWhereItStandsInEveryNodeThatNamesIt() {
        ApiClient tenant = newTenant();
        List<String> segments = List.of("main", "first", "moving", "last");
        for (int i = 0; i < segments.size(); i++) {
            tenant.createDid("+1415555010" + i, segments.get(i));
        }
        String journey = tenant.post("/api/journeys", Map.of("name", "fallbacks", "nodes", List.of(
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "main",
                        "fallbackSegments", List.of("first", "moving", "last"))),
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "moving",
                        "fallbackSegments", List.of("main"))),
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "first",
                        "fallbackSegments", List.of("last")))))).expect(201).json().get("id").asString();

        tenant.post("/api/asterisk-dids/segments/moving/rename", Map.of("to", "moved")).expect(200);

        JsonNode nodes = tenant.get("/api/journeys/" + journey).expect(200).json().get("nodes");
        assertThat(fallbacks(nodes.get(0))).containsExactly("first", "moved", "last");
        assertThat(nodes.get(1).get("config").get("didSegment").asString()).isEqualTo("moved");
        assertThat(fallbacks(nodes.get(1))).containsExactly("main");
        assertThat(fallbacks(nodes.get(2))).containsExactly("last");
        assertThat(tenant.get("/api/journeys?segment=moving").expect(200).json().get("total").asLong()).isZero();
    }

    private static List<String> fallbacks(JsonNode node) {
        return node.get("config").get("fallbackSegments").valueStream().map(JsonNode::asString).toList();
    }
}
