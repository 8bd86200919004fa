package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two tenants, each with real data; every operation of one is tried with the other's real ids, and every write is
 * checked by re-reading the owner's data, which must not have changed.
 */
class TenantIsolationTest extends IntegrationTest {

    ApiClient alice;
    ApiClient bob;
    String aliceDid;
    String bobDid;

    @BeforeEach
    void twoTenants() {
        alice = newTenant();
        bob = newTenant();
        aliceDid = DidApiTest.create(alice, "+14155550100", "alice-main").get("id").asString();
        DidApiTest.create(alice, "+14155550101", "alice-main");
        bobDid = DidApiTest.create(bob, "+14155550900", "bob-main").get("id").asString();
    }

    @Test
    void anotherTenantsDidAnswers404ExactlyAsAnUnknownIdAndShowsNothingOfIt() {
        String unknown = "6f1c2a9e-0000-4000-8000-000000000001";
        ApiClient.Response stolen = bob.get("/api/asterisk-dids/" + aliceDid);
        ApiClient.Response missing = bob.get("/api/asterisk-dids/" + unknown);
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.body()).doesNotContain("+14155550100").doesNotContain("alice-main");
        assertThat(stolen.body().replace(aliceDid, "ID")).isEqualTo(missing.body().replace(unknown, "ID"));
    }

    @Test
    void anotherTenantsDidCannotBeChangedDeletedOrAllocated() {
        JsonNode before = alice.get("/api/asterisk-dids/" + aliceDid).expect(200).json();

        for (Map<String, Object> change : List.<Map<String, Object>>of(Map.of("segment", "stolen"),
                Map.of("trunk", "BOB_TRUNK"), Map.of("status", "released"), Map.of("friendlyName", "bob's now"))) {
            assertThat(bob.put("/api/asterisk-dids/" + aliceDid, change).status()).as(change.toString()).isEqualTo(404);
        }
        Map<String, Object> clear = new HashMap<>();
        clear.put("segment", null);
        assertThat(bob.put("/api/asterisk-dids/" + aliceDid, clear).status()).isEqualTo(404);
        assertThat(bob.delete("/api/asterisk-dids/" + aliceDid).status()).isEqualTo(404);
        assertThat(bob.post("/api/asterisk-dids/allocate", Map.of("didId", aliceDid)).status()).isEqualTo(404);
        // naming both: the pinned DID wins, and it is not bob's
        assertThat(bob.post("/api/asterisk-dids/allocate", Map.of("didId", aliceDid, "segment", "bob-main"))
                .status()).isEqualTo(404);

        assertThat(alice.get("/api/asterisk-dids/" + aliceDid).expect(200).json())
                .as("alice's DID as she reads it, after all of bob's attempts").isEqualTo(before);
        assertThat(DidApiTest.numbers(alice.get("/api/asterisk-dids").expect(200).json()))
                .containsExactly("+14155550100", "+14155550101");
    }

    @Test
    void listsAndSegmentsShowOnlyTheCallersDids() {
        assertThat(DidApiTest.numbers(bob.get("/api/asterisk-dids").expect(200).json()))
                .containsExactly("+14155550900");
        assertThat(bob.get("/api/asterisk-dids?segment=alice-main").json().get("total").asLong()).isZero();
        assertThat(bob.get("/api/asterisk-dids/segments").json().get("segments").toString())
                .isEqualTo("[\"bob-main\"]");
    }

    @Test
    void nextAvailableAndAllocationNeverTakeAnotherTenantsDid() {
        JsonNode none = bob.get("/api/asterisk-dids/next-available-by-segment?segment=alice-main").json();
        assertThat(none.get("available").asBoolean()).isFalse();
        assertThat(bob.get("/api/asterisk-dids/next-available-by-segment").json().get("did").get("id").asString())
                .isEqualTo(bobDid);
        // alice's segment is no segment of bob's: a reference that does not resolve, as an unknown one
        assertThat(bob.post("/api/asterisk-dids/allocate", Map.of("segment", "alice-main")).status()).isEqualTo(422);
        for (int i = 0; i < 3; i++) {
            JsonNode allocation = bob.post("/api/asterisk-dids/allocate", Map.of()).expect(200).json();
            assertThat(allocation.get("did").get("id").asString()).isEqualTo(bobDid);
        }
        JsonNode alices = alice.get("/api/asterisk-dids").expect(200).json();
        alices.get("items").forEach(did -> assertThat(did.get("usageCount").asLong()).isZero());
    }

    @Test
    void usageAndResetStayInsideTheTenant() {
        alice.post("/api/asterisk-dids/allocate", Map.of("didId", aliceDid)).expect(200);
        bob.post("/api/asterisk-dids/allocate", Map.of("didId", bobDid)).expect(200);
        assertThat(bob.get("/api/asterisk-dids/usage").json().get("segments").toString()).doesNotContain("alice-main");
        assertThat(bob.post("/api/asterisk-dids/usage/reset", null).expect(200).json().get("reset").asInt())
                .isEqualTo(1);
        bob.post("/api/asterisk-dids/usage/reset?segment=alice-main", null).expect(404);
        assertThat(alice.get("/api/asterisk-dids/" + aliceDid).json().get("usageCount").asLong()).isEqualTo(1);
    }

    @Test
    void anotherTenantsJourneyAndItsNodesCannotBeReadChangedOrDeleted() {
        JsonNode created = alice.post("/api/journeys", Map.of("name", "alice's journey",
                "nodes", List.of(makeCall(aliceDid, null), makeCall(null, "alice-main")))).expect(201).json();
        String journey = created.get("id").asString();
        String node = created.get("nodes").get(0).get("id").asString();
        JsonNode before = alice.get("/api/journeys/" + journey).expect(200).json();
        String bobsJourney = bob.post("/api/journeys", Map.of("name", "bob's journey",
                "nodes", List.of(makeCall(bobDid, null)))).expect(201).json().get("id").asString();

        assertThat(bob.get("/api/journeys/" + journey).status()).isEqualTo(404);
        assertThat(bob.put("/api/journeys/" + journey, Map.of("name", "stolen",
                "nodes", List.of(makeCall(bobDid, null)))).status()).isEqualTo(404);
        assertThat(bob.put("/api/journeys/" + journey + "/nodes/" + node,
                makeCall(bobDid, null)).status()).isEqualTo(404);
        // alice's node id under bob's own journey, as a node to edit or to keep
        assertThat(bob.put("/api/journeys/" + bobsJourney + "/nodes/" + node,
                makeCall(bobDid, null)).status()).isEqualTo(404);
        Map<String, Object> adopted = new LinkedHashMap<>(makeCall(bobDid, null));
        adopted.put("id", node);
        assertThat(bob.put("/api/journeys/" + bobsJourney, Map.of("name", "bob's journey",
                "nodes", List.of(adopted))).status()).isEqualTo(400);
        assertThat(bob.delete("/api/journeys/" + journey).status()).isEqualTo(404);
        assertThat(bob.post("/api/journeys/" + journey + "/executions",
                Map.of("contact", Map.of("phoneNumber", "+14155550123"))).status()).isEqualTo(404);
        assertThat(bob.get("/api/journeys").expect(200).json().get("items").toString()).doesNotContain(journey);
        assertThat(bob.get("/api/journeys?didId=" + aliceDid).expect(200).json().get("total").asLong()).isZero();
        // bob's journey cannot name alice's DID or segment
        assertThat(bob.post("/api/journeys", Map.of("name", "steal",
                "nodes", List.of(makeCall(aliceDid, null)))).status()).isEqualTo(422);
        assertThat(bob.put("/api/journeys/" + bobsJourney + "/nodes/" + bob.get("/api/journeys/" + bobsJourney)
                .json().get("nodes").get(0).get("id").asString(), makeCall(null, "alice-main")).status())
                .isEqualTo(422);

        assertThat(alice.get("/api/journeys/" + journey).expect(200).json())
                .as("alice's journey as she reads it, after all of bob's attempts").isEqualTo(before);
        assertThat(alice.get("/api/asterisk-dids/" + aliceDid).json().get("usageCount").asLong()).isZero();
        assertThat(bob.get("/api/journeys/" + bobsJourney).expect(200).json().get("nodes").get(0).get("config")
                .get("didId").asString()).isEqualTo(bobDid);
    }

    private static Map<String, Object> makeCall(String didId, String didSegment) {
        Map<String, Object> config = new HashMap<>();
        config.put("didId", didId);
        config.put("didSegment", didSegment);
        config.put("audioFile", "custom/voice_template_123");
        return Map.of("type", "MAKE_CALL", "config", config);
    }
}
