package io.didpool.journey;

import static io.didpool.journey.JourneyFixtures.dids;
import static io.didpool.journey.JourneyFixtures.execute;
import static io.didpool.journey.JourneyFixtures.finished;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A MAKE_CALL node's fallback segments and the "why" of its DID, with the dry-run dialer. */
class JourneyCallerIdTest extends IntegrationTest {

    private static Map<String, Object> node(Map<String, Object> config) {
        return Map.of("type", "MAKE_CALL", "config", config);
    }

    @Test
    void fallbackSegmentsAreCheckedSavedWithTheNodeAndServeWhenTheNodesSegmentCannot() {
        ApiClient tenant = newTenant();
        List<String> main = dids(tenant, 14155550300L, 1, "main");
        List<String> backup = dids(tenant, 14155550310L, 1, "backup");
        tenant.put("/api/asterisk-dids/segments/main/policy", Map.of("maxCallsPerDay", 1, "localPresence", true))
                .expect(200);

        JsonNode unknown = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(node(Map.of(
                "didSegment", "main", "fallbackSegments", List.of("backup", "nosuch")))))).expect(422).json();
        assertThat(unknown.get("detail").asString()).contains("nosuch").doesNotContain("backup,");
        assertThat(tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(node(Map.of(
                "fallbackSegments", List.of("backup")))))).expect(400).body()).contains("fallbackSegments");
        assertThat(tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(node(Map.of(
                "didSegment", "main", "fallbackSegments", List.of("Backup")))))).expect(400).body())
                .contains("fallbackSegments");
        // another tenant's segment is not this tenant's
        newTenant().createDid("+14155550320", "theirs");
        tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(node(Map.of(
                "didSegment", "main", "fallbackSegments", List.of("theirs")))))).expect(422);

        JsonNode journey = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(node(Map.of(
                "didSegment", "main", "fallbackSegments", List.of("backup")))))).expect(201).json();
        String id = journey.get("id").asString();
        assertThat(tenant.get("/api/journeys/" + id).json().get("nodes").get(0).get("config").get("fallbackSegments"))
                .hasSize(1).first().satisfies(s -> assertThat(s.asString()).isEqualTo("backup"));

        JsonNode first = finished(tenant, id, execute(tenant, id, "+14155559999")).get("steps").get(0);
        assertThat(first.get("did").get("id").asString()).isEqualTo(main.get(0));
        assertThat(first.get("segment").asString()).isEqualTo("main");
        assertThat(first.get("match").asString()).isEqualTo("AREA_CODE");
        // main's only DID is at its cap of one call a day: the backup segment serves
        JsonNode second = finished(tenant, id, execute(tenant, id, "+14155559999")).get("steps").get(0);
        assertThat(second.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(second.get("did").get("id").asString()).isEqualTo(backup.get(0));
        assertThat(second.get("segment").asString()).isEqualTo("backup");
        assertThat(second.get("match").asString()).isEqualTo("ANY");
    }

    @Test
    void aPinnedStepHasNoMatch() {
        ApiClient tenant = newTenant();
        String did = dids(tenant, 14155550330L, 1, "pinned").get(0);
        String id = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(node(Map.of("didId", did)))))
                .expect(201).json().get("id").asString();
        JsonNode step = finished(tenant, id, execute(tenant, id, "+14155559999")).get("steps").get(0);
        assertThat(step.get("selectedBy").asString()).isEqualTo("DID_ID");
        assertThat(step.get("segment").asString()).isEqualTo("pinned");
        assertThat(step.get("match").isNull()).isTrue();
    }

    @Test
    void aCallTakesTheAreaCodeOfAFallbackWhenTheFirstSegmentSpreadsLocalPresence() {
        ApiClient tenant = newTenant();
        dids(tenant, 15125550340L, 1, "texas");
        String manhattan = dids(tenant, 12125550341L, 1, "ny-metro").get(0);
        tenant.put("/api/asterisk-dids/segments/texas/policy", Map.of("localPresence", true,
                "localPresenceAcrossFallbacks", true)).expect(200);
        String id = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(node(Map.of(
                "didSegment", "texas", "fallbackSegments", List.of("ny-metro")))))).expect(201).json()
                .get("id").asString();

        JsonNode step = finished(tenant, id, execute(tenant, id, "+12125559999")).get("steps").get(0);
        assertThat(step.get("did").get("id").asString()).isEqualTo(manhattan);
        assertThat(step.get("segment").asString()).isEqualTo("ny-metro");
        assertThat(step.get("match").asString()).isEqualTo("AREA_CODE");
    }
}
