package io.didpool.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Trunks: limits set by the admin, and the tenants that may use them. */
class TrunkApiTest extends IntegrationTest {

    @Test
    void aTrunkNeverConfiguredHasTwiliosDefaultPaceNoCapAndIsOpenToEveryone() {
        JsonNode trunk = admin().get("/api/admin/trunks/NEVER_SET").expect(200).json();

        assertThat(trunk.get("name").asString()).isEqualTo("NEVER_SET");
        assertThat(trunk.get("callsPerSecond").asDouble()).isEqualTo(1.0);
        assertThat(trunk.get("maxConcurrentCalls").isNull()).isTrue();
        assertThat(trunk.get("tenants").isNull()).isTrue();
        assertThat(trunk.get("callsInProgress").asLong()).isZero();
        assertThat(trunk.get("queued").asLong()).isZero();
        assertThat(trunk.get("configured").asBoolean()).isFalse();
    }

    @Test
    void theAdminSetsLimitsAndReadsThemBack() {
        JsonNode set = admin().put("/api/admin/trunks/LIMITED", Map.of("callsPerSecond", 2.5,
                "maxConcurrentCalls", 40)).expect(200).json();

        assertThat(set.get("callsPerSecond").asDouble()).isEqualTo(2.5);
        assertThat(set.get("maxConcurrentCalls").asInt()).isEqualTo(40);
        assertThat(admin().get("/api/admin/trunks/LIMITED").expect(200).json()).isEqualTo(set);
        assertThat(admin().get("/api/admin/trunks").expect(200).json().get("items").findValuesAsString("name"))
                .contains("LIMITED");
    }

    @Test
    void limitsOutOfRangeAreRefusedNamingTheField() {
        assertThat(invalid(Map.of("callsPerSecond", 0.05))).contains("callsPerSecond");
        assertThat(invalid(Map.of("callsPerSecond", 1001))).contains("callsPerSecond");
        assertThat(invalid(Map.of("maxConcurrentCalls", 0))).contains("maxConcurrentCalls");
        assertThat(admin().put("/api/admin/trunks/bad%20name", Map.of("callsPerSecond", 1)).status())
                .isEqualTo(400);
        assertThat(admin().put("/api/admin/trunks/T", Map.of("tenants", List.of("00000000-0000-0000-0000-0000000000"
                + "01"))).status()).as("an unknown tenant").isEqualTo(422);
        assertThat(newTenant().put("/api/admin/trunks/T", Map.of("callsPerSecond", 5)).status())
                .as("a tenant key on the admin API").isEqualTo(403);
    }

    @Test
    void aTrunkOpenToOneTenantIsClosedToEveryOther() {
        JsonNode ownerTenant = admin().post("/api/admin/tenants", Map.of("name", "owner")).expect(201).json();
        ApiClient owner = api().withToken(ownerTenant.get("apiKey").asString());
        ApiClient other = newTenant();
        // the other tenant had a DID on it before the admin closed it
        String otherDid = other.post("/api/asterisk-dids", Map.of("number", "+14155551234", "trunk", "PRIVATE"))
                .expect(201).json().get("id").asString();
        admin().put("/api/admin/trunks/PRIVATE", Map.of("callsPerSecond", 1000, "tenants",
                List.of(ownerTenant.get("id").asString()))).expect(200);

        owner.post("/api/asterisk-dids", Map.of("number", "+14155551000", "trunk", "PRIVATE")).expect(201);
        assertThat(other.post("/api/asterisk-dids", Map.of("number", "+14155551001", "trunk", "PRIVATE")).status())
                .isEqualTo(422);
        String movable = other.post("/api/asterisk-dids", Map.of("number", "+14155551002")).expect(201).json()
                .get("id").asString();
        assertThat(other.put("/api/asterisk-dids/" + movable, Map.of("trunk", "PRIVATE")).status()).isEqualTo(422);
        assertThat(other.get("/api/asterisk-dids/" + movable).expect(200).json().get("trunk").asString())
                .isEqualTo("TWILIO");
        assertThat(other.post("/api/asterisk-dids/import/twilio", Map.of("trunk", "PRIVATE")).status())
                .isEqualTo(422);
        assertThat(owner.get("/api/asterisk/trunks/PRIVATE").status()).isEqualTo(200);
        assertThat(other.get("/api/asterisk/trunks/PRIVATE").status()).isEqualTo(404);

        JsonNode journey = other.post("/api/journeys", Map.of("name", "closed", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didId", otherDid))))).expect(201).json();
        String execution = other.post("/api/journeys/" + journey.get("id").asString() + "/executions",
                Map.of("contact", Map.of("phoneNumber", "+14155550123"))).expect(202).json().get("id").asString();
        JsonNode done = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(
                () -> other.get("/api/journeys/" + journey.get("id").asString() + "/executions/" + execution)
                        .expect(200).json(), e -> e.get("status").asString().equals("FAILED"));
        assertThat(done.get("steps").get(0).get("error").asString())
                .isEqualTo("trunk PRIVATE is not open to this tenant");
        assertThat(done.get("steps").get(0).get("outcome").isNull()).as("no call was placed").isTrue();
    }

    @Test
    void eachConfigurationIsInTheAuditTrailAsTheAdminsWithTheTrunkBeforeAndAfter() {
        String name = "AUDITED-" + UUID.randomUUID();
        String tenant = admin().post("/api/admin/tenants", Map.of("name", "trunk-user-" + UUID.randomUUID()))
                .expect(201).json().get("id").asString();
        admin().put("/api/admin/trunks/" + name, Map.of("callsPerSecond", 2.5, "maxConcurrentCalls", 40))
                .expect(200);
        admin().put("/api/admin/trunks/" + name, Map.of("callsPerSecond", 5, "tenants", List.of(tenant)))
                .expect(200);
        // refused: no entry
        admin().put("/api/admin/trunks/" + name, Map.of("tenants", List.of(UUID.randomUUID().toString())))
                .expect(422);

        JsonNode page = admin().get("/api/admin/audit?entity=trunk&id=" + name).expect(200).json();

        assertThat(page.get("total").asLong()).isEqualTo(2);
        JsonNode changed = page.get("items").get(0);
        JsonNode created = page.get("items").get(1);
        for (JsonNode entry : List.of(changed, created)) {
            assertThat(entry.get("entity").asString()).isEqualTo("trunk");
            assertThat(entry.get("id").asString()).isEqualTo(name);
            assertThat(entry.get("action").asString()).isEqualTo("configure");
            assertThat(entry.get("key").get("name").asString()).isEqualTo("admin");
            assertThat(entry.get("tenantId").isNull()).as("no tenant's data").isTrue();
            assertThat(entry.get("at").asString()).isNotEmpty();
        }
        assertThat(created.get("before").isNull()).as("never configured before").isTrue();
        assertThat(created.get("after").get("callsPerSecond").asDouble()).isEqualTo(2.5);
        assertThat(created.get("after").get("maxConcurrentCalls").asInt()).isEqualTo(40);
        assertThat(created.get("after").get("tenants").isNull()).isTrue();
        assertThat(changed.get("before")).isEqualTo(created.get("after"));
        assertThat(changed.get("after").get("callsPerSecond").asDouble()).isEqualTo(5.0);
        assertThat(changed.get("after").get("maxConcurrentCalls").isNull()).as("left out: no cap").isTrue();
        assertThat(changed.get("after").get("tenants").valueStream().map(JsonNode::asString)).containsExactly(tenant);
    }

    @Test
    void trunkNamesAreUniqueRegardlessOfCaseAndKeepTheCaseGiven() {
        String name = "Priv-" + UUID.randomUUID().toString().substring(0, 8);
        admin().put("/api/admin/trunks/" + name, Map.of("callsPerSecond", 2)).expect(200);

        ApiClient.Response taken = admin().put("/api/admin/trunks/" + name.toUpperCase(), Map.of("callsPerSecond",
                5));

        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.contentType()).startsWith("application/problem+json");
        assertThat(taken.json().get("detail").asString()).contains("trunk " + name + " is configured already",
                "regardless of case");
        assertThat(taken.json().get("trunk").asString()).isEqualTo(name);
        assertThat(admin().put("/api/admin/trunks/" + name.toLowerCase(), Map.of()).status()).isEqualTo(409);
        // the trunk itself is unchanged and still configured under the case it was given
        JsonNode trunk = admin().get("/api/admin/trunks/" + name).expect(200).json();
        assertThat(trunk.get("name").asString()).isEqualTo(name);
        assertThat(trunk.get("callsPerSecond").asDouble()).isEqualTo(2.0);
        assertThat(admin().get("/api/admin/trunks").expect(200).json().get("items").findValuesAsString("name"))
                .contains(name).doesNotContain(name.toUpperCase(), name.toLowerCase());
        assertThat(admin().put("/api/admin/trunks/" + name, Map.of("callsPerSecond", 3)).expect(200).json()
                .get("callsPerSecond").asDouble()).isEqualTo(3.0);
        // a DID names it as it was given, and is held to its tenants
        ApiClient tenant = newTenant();
        admin().put("/api/admin/trunks/" + name, Map.of("tenants", List.of())).expect(200);
        assertThat(tenant.post("/api/asterisk-dids", Map.of("number", "+14155551999", "trunk", name)).status())
                .isEqualTo(422);
    }

    private String invalid(Map<String, Object> body) {
        ApiClient.Response answer = admin().put("/api/admin/trunks/T", new HashMap<>(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        return answer.body();
    }

}
