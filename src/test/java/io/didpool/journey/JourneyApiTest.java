package io.didpool.journey;

import static io.didpool.journey.JourneyFixtures.dids;
import static io.didpool.journey.JourneyFixtures.journey;
import static io.didpool.journey.JourneyFixtures.makeCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JourneyApiTest extends IntegrationTest {

    @Test
    void createsReadsListsUpdatesAndDeletesAJourney() {
        ApiClient tenant = newTenant();
        String did = dids(tenant, 14155550100L, 1, "twilio-main").get(0);

        JsonNode created = journey(tenant, List.of(makeCall(did, null), makeCall(null, "twilio-main")));
        String id = created.get("id").asString();
        assertThat(created.get("name").asString()).isEqualTo("campaign");
        assertThat(created.get("createdAt").isNull()).isFalse();
        JsonNode first = created.get("nodes").get(0);
        assertThat(first.get("type").asString()).isEqualTo("MAKE_CALL");
        assertThat(first.get("config").get("didId").asString()).isEqualTo(did);
        assertThat(first.get("config").get("didSegment").isNull()).isTrue();
        assertThat(first.get("config").get("audioFile").asString()).isEqualTo("custom/voice_template_123");
        assertThat(first.get("config").get("transferNumber").asString()).isEqualTo("+14155550999");
        assertThat(created.get("nodes").get(1).get("config").get("didSegment").asString()).isEqualTo("twilio-main");

        assertThat(tenant.get("/api/journeys/" + id).expect(200).json()).isEqualTo(created);
        JsonNode list = tenant.get("/api/journeys").expect(200).json();
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("items").get(0).get("id").asString()).isEqualTo(id);

        // Keeps the second node (by id), drops the first, adds a new one after it.
        String keptId = created.get("nodes").get(1).get("id").asString();
        Map<String, Object> kept = new java.util.LinkedHashMap<>(makeCall(null, "twilio-main"));
        kept.put("id", keptId);
        JsonNode updated = tenant.put("/api/journeys/" + id,
                Map.of("name", "renamed", "nodes", List.of(kept, makeCall(null, null)))).expect(200).json();
        assertThat(updated.get("name").asString()).isEqualTo("renamed");
        assertThat(updated.get("nodes")).hasSize(2);
        assertThat(updated.get("nodes").get(0).get("id").asString()).isEqualTo(keptId);
        assertThat(updated.get("nodes").get(1).get("id").asString()).isNotEqualTo(keptId);
        assertThat(updated.get("nodes").get(1).get("config").get("didSegment").isNull()).isTrue();

        tenant.delete("/api/journeys/" + id).expect(204);
        tenant.get("/api/journeys/" + id).expect(404);
        tenant.delete("/api/journeys/" + id).expect(404);
    }

    @Test
    void editsOneNodeAndLeavesTheOthers() {
        ApiClient tenant = newTenant();
        List<String> ids = dids(tenant, 14155550100L, 2, "twilio-main");
        JsonNode created = journey(tenant, List.of(makeCall(ids.get(0), null), makeCall(null, null)));
        String id = created.get("id").asString();
        String nodeId = created.get("nodes").get(1).get("id").asString();

        JsonNode node = tenant.put("/api/journeys/" + id + "/nodes/" + nodeId,
                Map.of("type", "MAKE_CALL", "config", Map.of("didId", ids.get(1), "audioFile", "welcome")))
                .expect(200).json();
        assertThat(node.get("id").asString()).isEqualTo(nodeId);
        assertThat(node.get("config").get("didId").asString()).isEqualTo(ids.get(1));
        assertThat(node.get("config").get("audioFile").asString()).isEqualTo("welcome");

        JsonNode journey = tenant.get("/api/journeys/" + id).expect(200).json();
        assertThat(journey.get("nodes").get(0)).isEqualTo(created.get("nodes").get(0));
        assertThat(journey.get("nodes").get(1)).isEqualTo(node);
        assertThat(journey.get("updatedAt").asString()).isNotEqualTo(created.get("updatedAt").asString());

        tenant.put("/api/journeys/" + id + "/nodes/" + UUID.randomUUID(), Map.of("type", "MAKE_CALL"))
                .expect(404);
        JsonNode missingDid = tenant.put("/api/journeys/" + id + "/nodes/" + nodeId,
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "nowhere"))).expect(422).json();
        assertThat(missingDid.get("detail").asString()).contains("node " + nodeId).contains("nowhere");
        assertThat(tenant.get("/api/journeys/" + id).expect(200).json().get("nodes").get(1))
                .as("a refused edit changes nothing").isEqualTo(node);
    }

    @Test
    void listsTheJourneysThatUseASegmentOrADid() {
        ApiClient tenant = newTenant();
        String main = dids(tenant, 14155550100L, 1, "main").get(0);
        dids(tenant, 14155550200L, 1, "backup");
        String onMain = journey(tenant, List.of(makeCall(null, "main"))).get("id").asString();
        String onBackup = journey(tenant, List.of(makeCall(null, "backup"))).get("id").asString();
        String pinned = journey(tenant, List.of(makeCall(main, null))).get("id").asString();

        assertThat(ids(tenant.get("/api/journeys?segment=main").expect(200).json())).containsExactly(onMain);
        assertThat(ids(tenant.get("/api/journeys?segment=backup").expect(200).json())).containsExactly(onBackup);
        assertThat(ids(tenant.get("/api/journeys?didId=" + main).expect(200).json())).containsExactly(pinned);
        assertThat(ids(tenant.get("/api/journeys").expect(200).json())).containsExactly(onMain, onBackup, pinned);
    }

    @Test
    void refusesADidOrSegmentTheTenantDoesNotHaveWith422NamingNodeAndReference() {
        ApiClient tenant = newTenant();
        dids(tenant, 14155550100L, 1, "twilio-main");
        String unknown = UUID.randomUUID().toString();

        JsonNode problem = tenant.post("/api/journeys", Map.of("name", "x",
                "nodes", List.of(makeCall(null, "twilio-main"), makeCall(unknown, null), makeCall(null, "ghost"))))
                .expect(422).json();
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("detail").asString())
                .contains("nodes[1]: didId " + unknown)
                .contains("nodes[2].config.didSegment: no segment named 'ghost'")
                .doesNotContain("nodes[0]");
        assertThat(tenant.get("/api/journeys").expect(200).json().get("total").asLong()).isZero();
    }

    @Test
    void acceptsBothDidAndSegmentOnOneNode() {
        ApiClient tenant = newTenant();
        String did = dids(tenant, 14155550100L, 1, "twilio-main").get(0);
        JsonNode created = journey(tenant, List.of(makeCall(did, "twilio-main")));
        assertThat(created.get("nodes").get(0).get("config").get("didId").asString()).isEqualTo(did);
        assertThat(created.get("nodes").get(0).get("config").get("didSegment").asString()).isEqualTo("twilio-main");
    }

    @Test
    void rejectsInvalidNodesWith400NamingTheField() {
        ApiClient tenant = newTenant();
        assertInvalid(tenant, node("FAX", Map.of()), "nodes[0].type");
        assertInvalid(tenant, node("MAKE_CALL", Map.of("audioFile", "../etc/passwd")), "nodes[0].config.audioFile");
        assertInvalid(tenant, node("MAKE_CALL", Map.of("audioFile", "/abs/path")), "nodes[0].config.audioFile");
        assertInvalid(tenant, node("MAKE_CALL", Map.of("audioFile", "a\r\nAction: Logoff")),
                "nodes[0].config.audioFile");
        assertInvalid(tenant, node("MAKE_CALL", Map.of("transferNumber", "4155550100")),
                "nodes[0].config.transferNumber");
        assertInvalid(tenant, node("MAKE_CALL", Map.of("didSegment", "Has Spaces")), "nodes[0].config.didSegment");
        assertInvalid(tenant, node("MAKE_CALL", Map.of("didId", "not-a-uuid")), "didId");

        JsonNode noName = tenant.post("/api/journeys", Map.of("nodes", List.of())).expect(400).json();
        assertThat(noName.get("detail").asString()).contains("name");

        ApiClient.Response unknownNode = tenant.put("/api/journeys/" + journey(tenant, List.of()).get("id").asString(),
                Map.of("name", "x", "nodes", List.of(Map.of("id", UUID.randomUUID().toString(), "type", "MAKE_CALL"))));
        assertThat(unknownNode.status()).isEqualTo(400);
        assertThat(unknownNode.json().get("detail").asString()).contains("nodes[0].id");
    }

    @Test
    void rejectsAJourneyNameWithANulOrOtherControlCharacterNamingTheField() {
        ApiClient tenant = newTenant();
        for (String name : List.of("a\u0000b", "line\nbreak")) {
            ApiClient.Response response = tenant.post("/api/journeys", Map.of("name", name, "nodes", List.of()));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("detail").asString()).contains("name").contains("control characters");
        }
    }

    @Test
    void rejectsAnExecutionWithoutAnE164Contact() {
        ApiClient tenant = newTenant();
        String id = journey(tenant, List.of()).get("id").asString();
        JsonNode problem = tenant.post("/api/journeys/" + id + "/executions",
                Map.of("contact", Map.of("phoneNumber", "0044 20 7946 0000"))).expect(400).json();
        assertThat(problem.get("detail").asString()).contains("contact.phoneNumber");
        assertThat(tenant.post("/api/journeys/" + id + "/executions", Map.of()).expect(400).json()
                .get("detail").asString()).contains("contact");
        tenant.post("/api/journeys/" + UUID.randomUUID() + "/executions",
                Map.of("contact", Map.of("phoneNumber", "+14155550123"))).expect(404);
    }

    @Test
    void keepsJourneysDidsAndExecutionsOfOneTenantInvisibleToAnother() {
        ApiClient owner = newTenant();
        ApiClient other = newTenant();
        String ownersDid = dids(owner, 14155550100L, 1, "owners-segment").get(0);
        JsonNode journey = journey(owner, List.of(makeCall(ownersDid, null)));
        String id = journey.get("id").asString();
        String nodeId = journey.get("nodes").get(0).get("id").asString();
        String execution = JourneyFixtures.execute(owner, id, "+14155550123");

        other.get("/api/journeys/" + id).expect(404);
        other.put("/api/journeys/" + id, Map.of("name", "x", "nodes", List.of())).expect(404);
        other.put("/api/journeys/" + id + "/nodes/" + nodeId, Map.of("type", "MAKE_CALL")).expect(404);
        other.delete("/api/journeys/" + id).expect(404);
        other.post("/api/journeys/" + id + "/executions", Map.of("contact", Map.of("phoneNumber", "+14155550123")))
                .expect(404);
        other.get("/api/journeys/" + id + "/executions/" + execution).expect(404);
        assertThat(other.get("/api/journeys").expect(200).json().get("total").asLong()).isZero();

        // Another tenant's DID or segment does not resolve: the journey cannot name it.
        JsonNode problem = other.post("/api/journeys", Map.of("name", "steal",
                "nodes", List.of(makeCall(ownersDid, null), makeCall(null, "owners-segment")))).expect(422).json();
        assertThat(problem.get("detail").asString()).contains(ownersDid).contains("owners-segment");

        // An execution is found only under its own journey.
        String otherJourney = journey(owner, List.of()).get("id").asString();
        owner.get("/api/journeys/" + otherJourney + "/executions/" + execution).expect(404);
        assertThat(JourneyFixtures.finished(owner, id, execution).get("status").asString()).isEqualTo("COMPLETED");
    }

    private static Map<String, Object> node(String type, Map<String, Object> config) {
        return Map.of("type", type, "config", config);
    }

    private static void assertInvalid(ApiClient tenant, Map<String, Object> node, String field) {
        ApiClient.Response response = tenant.post("/api/journeys", Map.of("name", "x", "nodes", List.of(node)));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(field);
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").valueStream().map(j -> j.get("id").asString()).toList();
    }
}
