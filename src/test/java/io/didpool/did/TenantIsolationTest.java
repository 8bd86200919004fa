package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two tenants; every DID operation of one is tried on the other's data. */
class TenantIsolationTest extends IntegrationTest {

    ApiClient alice;
    ApiClient bob;
    String aliceDid;

    @BeforeEach
    void twoTenants() {
        alice = newTenant();
        bob = newTenant();
        aliceDid = DidApiTest.create(alice, "+14155550100", "alice-main").get("id").asString();
        DidApiTest.create(bob, "+14155550900", "bob-main");
    }

    @Test
    void anotherTenantsDidAnswers404ForGetUpdateAndDelete() {
        assertThat(bob.get("/api/asterisk-dids/" + aliceDid).status()).isEqualTo(404);
        assertThat(bob.put("/api/asterisk-dids/" + aliceDid, Map.of("segment", "stolen")).status()).isEqualTo(404);
        assertThat(bob.delete("/api/asterisk-dids/" + aliceDid).status()).isEqualTo(404);

        JsonNode untouched = alice.get("/api/asterisk-dids/" + aliceDid).expect(200).json();
        assertThat(untouched.get("segment").asString()).isEqualTo("alice-main");
        // and exactly as an unknown id answers
        String unknown = bob.get("/api/asterisk-dids/00000000-0000-0000-0000-000000000000").body();
        assertThat(bob.get("/api/asterisk-dids/" + aliceDid).json().get("title"))
                .isEqualTo(bob.get("/api/asterisk-dids/00000000-0000-0000-0000-000000000000").json().get("title"));
        assertThat(unknown).doesNotContain("+14155550100");
    }

    @Test
    void listsShowOnlyTheCallersDids() {
        assertThat(DidApiTest.numbers(bob.get("/api/asterisk-dids").expect(200).json()))
                .containsExactly("+14155550900");
        assertThat(bob.get("/api/asterisk-dids?segment=alice-main").json().get("total").asLong()).isZero();
    }

    @Test
    void segmentsShowOnlyTheCallersSegments() {
        assertThat(bob.get("/api/asterisk-dids/segments").json().get("segments").toString())
                .isEqualTo("[\"bob-main\"]");
    }

    @Test
    void nextAvailableNeverShowsAnotherTenantsDid() {
        JsonNode none = bob.get("/api/asterisk-dids/next-available-by-segment?segment=alice-main").json();
        assertThat(none.get("available").asBoolean()).isFalse();
        JsonNode own = bob.get("/api/asterisk-dids/next-available-by-segment").json();
        assertThat(own.get("did").get("number").asString()).isEqualTo("+14155550900");
    }

    @Test
    void allocationNeverTakesAnotherTenantsDid() {
        assertThat(bob.post("/api/asterisk-dids/allocate", Map.of("didId", aliceDid)).status()).isEqualTo(404);
        assertThat(bob.post("/api/asterisk-dids/allocate", Map.of("segment", "alice-main")).status()).isEqualTo(409);
        for (int i = 0; i < 3; i++) {
            JsonNode allocation = bob.post("/api/asterisk-dids/allocate", Map.of()).expect(200).json();
            assertThat(allocation.get("did").get("number").asString()).isEqualTo("+14155550900");
        }
        assertThat(alice.get("/api/asterisk-dids/" + aliceDid).json().get("usageCount").asLong()).isZero();
    }

    @Test
    void usageAndResetStayInsideTheTenant() {
        alice.post("/api/asterisk-dids/allocate", Map.of("segment", "alice-main")).expect(200);
        assertThat(bob.get("/api/asterisk-dids/usage").json().get("segments").toString()).doesNotContain("alice-main");
        assertThat(bob.post("/api/asterisk-dids/usage/reset", null).expect(200).json().get("reset").asInt()).isZero();
        assertThat(alice.get("/api/asterisk-dids/" + aliceDid).json().get("usageCount").asLong()).isEqualTo(1);
    }
}
