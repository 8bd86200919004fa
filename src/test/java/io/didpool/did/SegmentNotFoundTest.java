package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One answer for a segment the tenant does not have, wherever it is named: 404 "no segment named 'x'" where it is the
 * thing asked for (a path, a report's segment), 422 where a call takes its DID from it (a reference), each with the
 * nearest of the tenant's segments.
 */
class SegmentNotFoundTest extends IntegrationTest {

    private static final String MEANT = "no segment named 'ny-metor' (none is declared and no DID is in it);"
            + " did you mean 'ny-metro'?";

    @Test
    void everyEndpointAnswersAMisspeltSegmentAlikeWithTheNearestName() {
        ApiClient tenant = newTenant();
        tenant.createDid("+12125550100", "ny-metro");
        tenant.createDid("+15125550100", "texas");
        tenant.put("/api/asterisk-dids/segments/empty-one", Map.of("description", "declared, no DID")).expect(200);
        String base = "/api/asterisk-dids/segments/ny-metor";

        for (ApiClient.Response answer : List.of(tenant.get(base), tenant.get(base + "/policy"),
                tenant.put(base + "/policy", Map.of("stickyDays", 1)), tenant.delete(base),
                tenant.post(base + "/rename", Map.of("to", "ny-metro-2")),
                tenant.get("/api/asterisk-dids/usage?segment=ny-metor"),
                tenant.post("/api/asterisk-dids/usage/reset?segment=ny-metor", null))) {
            JsonNode problem = answer.expect(404).json();
            assertThat(problem.get("detail").asString()).isEqualTo(MEANT);
        }

        JsonNode allocate = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "ny-metor")).expect(422).json();
        assertThat(allocate.get("detail").asString()).isEqualTo("segment: " + MEANT);
        JsonNode fallback = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "empty-one",
                "fallbackSegments", List.of("ny-metor"))).expect(422).json();
        assertThat(fallback.get("detail").asString()).isEqualTo("fallbackSegments: " + MEANT);
        JsonNode journey = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "ny-metor"))))).expect(422).json();
        assertThat(journey.get("detail").asString()).isEqualTo("nodes[0].config.didSegment: " + MEANT);

        // a declared segment with no DID exists: nothing selectable (409), as the contract says
        assertThat(tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "empty-one")).expect(409).json()
                .get("detail").asString()).contains("segment empty-one: it has no DID");
        // a look answers as the contract fixes it
        assertThat(tenant.get("/api/asterisk-dids/next-available-by-segment?segment=ny-metor").expect(200).json()
                .get("available").asBoolean()).isFalse();
        // a prefix is near too; a name near nothing gets no guess
        assertThat(tenant.get("/api/asterisk-dids/segments/tex").expect(404).json().get("detail").asString())
                .endsWith("did you mean 'texas'?");
        assertThat(tenant.get("/api/asterisk-dids/segments/zzz").expect(404).json().get("detail").asString())
                .isEqualTo("no segment named 'zzz' (none is declared and no DID is in it)");
    }
}
