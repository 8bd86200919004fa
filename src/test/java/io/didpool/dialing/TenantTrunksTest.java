package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.LongDryRunCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/asterisk/trunks}: the trunks a tenant uses, with the admin's limits and the tenant's own calls in
 * progress and queued on each. Calls here stay in progress ({@link LongDryRunCalls}), so the counts hold still.
 */
@LongDryRunCalls
class TenantTrunksTest extends IntegrationTest {

    @Test
    void eachTenantSeesItsOwnCallsOnASharedTrunkAndNoTrunkClosedToIt() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        JsonNode firstTenant = admin.post("/api/admin/tenants", Map.of("name", "first-" + System.nanoTime()))
                .expect(201).json();
        ApiClient first = api().withToken(firstTenant.get("apiKey").asString());
        ApiClient second = newTenant();
        // the second tenant had a DID on CLOSED_TO_SECOND before the admin gave that trunk to the first only
        second.post("/api/asterisk-dids", Map.of("number", "+14155552001", "trunk", "CLOSED_TO_SECOND"))
                .expect(201);
        admin.put("/api/admin/trunks/CLOSED_TO_SECOND", Map.of("callsPerSecond", 3, "tenants",
                List.of(firstTenant.get("id").asString()))).expect(200);
        admin.put("/api/admin/trunks/SHARED", Map.of("callsPerSecond", 1000, "maxConcurrentCalls", 3)).expect(200);
        admin.put("/api/admin/trunks/OPEN_UNUSED", Map.of("callsPerSecond", 7.5)).expect(200);

        // the first tenant takes one of SHARED's three calls in progress; the second then fills the other two and
        // waits with three more
        String firstJourney = DialingInstances.journeyOnTrunk(first, "SHARED", "shared", 14155551000L, 1);
        DialingInstances.campaign(first, firstJourney, DialingInstances.contacts(14155550100L, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> trunk(admin.get("/api/admin/trunks/SHARED"))
                .get("callsInProgress").asLong() == 1);
        String secondJourney = DialingInstances.journeyOnTrunk(second, "SHARED", "shared", 14155551100L, 2);
        DialingInstances.campaign(second, secondJourney, DialingInstances.contacts(14155550200L, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode shared = trunk(admin.get("/api/admin/trunks/SHARED"));
            return shared.get("callsInProgress").asLong() == 3 && shared.get("queued").asLong() == 3;
        });

        Map<String, JsonNode> firstView = byName(first.get("/api/asterisk/trunks").expect(200).json());
        assertThat(firstView.keySet()).containsSubsequence("CLOSED_TO_SECOND", "OPEN_UNUSED", "SHARED");
        JsonNode shared = firstView.get("SHARED");
        assertThat(shared.get("callsPerSecond").asDouble()).isEqualTo(1000.0);
        assertThat(shared.get("maxConcurrentCalls").asInt()).isEqualTo(3);
        assertThat(shared.get("didCount").asLong()).isEqualTo(1);
        assertThat(shared.get("callsInProgress").asLong()).as("the first tenant's own call only").isEqualTo(1);
        assertThat(shared.get("queued").asLong()).isZero();
        assertThat(firstView.get("OPEN_UNUSED").get("callsPerSecond").asDouble()).isEqualTo(7.5);
        assertThat(firstView.get("OPEN_UNUSED").get("didCount").asLong()).isZero();
        assertThat(firstView.get("CLOSED_TO_SECOND").get("didCount").asLong()).isZero();

        Map<String, JsonNode> secondView = byName(second.get("/api/asterisk/trunks").expect(200).json());
        assertThat(secondView).as("a trunk closed to the tenant is left out, though a DID of its names it")
                .doesNotContainKey("CLOSED_TO_SECOND");
        assertThat(secondView.get("SHARED").get("callsInProgress").asLong()).isEqualTo(2);
        assertThat(secondView.get("SHARED").get("queued").asLong()).isEqualTo(3);
        assertThat(secondView.get("SHARED").get("didCount").asLong()).isEqualTo(2);
        assertThat(secondView.get("SHARED").get("configured").asBoolean()).isTrue();

        // a trunk never configured that a DID names: Twilio's default pace, no cap
        second.post("/api/asterisk-dids", Map.of("number", "+14155552002", "trunk", "NEVER_SET")).expect(201);
        JsonNode never = byName(second.get("/api/asterisk/trunks").expect(200).json()).get("NEVER_SET");
        assertThat(never.get("callsPerSecond").asDouble()).isEqualTo(1.0);
        assertThat(never.get("maxConcurrentCalls").isNull()).isTrue();
        assertThat(never.get("configured").asBoolean()).isFalse();
        assertThat(never.get("didCount").asLong()).isEqualTo(1);
    }

    private static JsonNode trunk(ApiClient.Response answer) {
        return answer.expect(200).json();
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        list.get("items").forEach(item -> byName.put(item.get("name").asString(), item));
        return byName;
    }
}
