package io.didpool.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Campaigns through the API, on the dry-run dialer. */
class CampaignApiTest extends IntegrationTest {

    @Test
    void aCampaignCallsEachDistinctContactOnceAndCountsItsExecutions() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant);
        List<Map<String, String>> contacts = new ArrayList<>();
        for (String number : List.of("+14155550001", "+14155550002", "+14155550001", "+14155550003")) {
            contacts.add(Map.of("phoneNumber", number));
        }

        ApiClient.Response created = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "renewals",
                "contacts", contacts)).expect(201);
        JsonNode campaign = created.json();
        assertThat(campaign.get("name").asString()).isEqualTo("renewals");
        assertThat(campaign.get("journeyId").asString()).isEqualTo(journey);
        assertThat(campaign.get("total").asLong()).as("a contact twice is called once").isEqualTo(3);
        assertThat(campaign.get("createdAt").isNull()).isFalse();
        String id = campaign.get("id").asString();

        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(
                () -> tenant.get("/api/campaigns/" + id).expect(200).json(),
                c -> c.get("status").asString().equals("DONE"));
        assertThat(done.get("completed").asLong()).isEqualTo(3);
        assertThat(done.get("queued").asLong() + done.get("running").asLong() + done.get("failed").asLong()
                + done.get("cancelled").asLong()).isZero();
        JsonNode executions = tenant.get("/api/campaigns/" + id + "/executions?status=COMPLETED&size=2").expect(200)
                .json();
        assertThat(executions.get("total").asLong()).isEqualTo(3);
        assertThat(executions.get("items")).hasSize(2);
        assertThat(executions.get("items").get(0).get("steps").get(0).get("outcome").asString()).isEqualTo("DRY_RUN");
        assertThat(executions.get("items").get(0).get("steps").get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(tenant.get("/api/journeys/" + journey + "/executions").expect(200).json().get("total").asLong())
                .isEqualTo(3);
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("items").findValuesAsString("id"))
                .contains(id);
    }

    @Test
    void oneInvalidNumberRefusesTheWholeRequestNamingItsIndexAndQueuesNothing() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant);

        ApiClient.Response refused = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "bad",
                "contacts", List.of(Map.of("phoneNumber", "+14155550001"), Map.of("phoneNumber", "+14155550002"),
                        Map.of("phoneNumber", "4155550003"))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("contacts[2].phoneNumber");
        assertThat(tenant.get("/api/journeys/" + journey + "/executions").expect(200).json().get("total").asLong())
                .isZero();
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("total").asLong()).isZero();
    }

    @Test
    void aJourneyOrCampaignTheTenantDoesNotHaveIsRefused() {
        ApiClient owner = newTenant();
        ApiClient other = newTenant();
        String journey = journey(owner);
        String campaign = owner.post("/api/campaigns", Map.of("journeyId", journey, "name", "mine", "contacts",
                List.of(Map.of("phoneNumber", "+14155550001")))).expect(201).json().get("id").asString();

        assertThat(other.post("/api/campaigns", Map.of("journeyId", journey, "name", "theirs", "contacts",
                List.of(Map.of("phoneNumber", "+14155550001")))).status()).isEqualTo(422);
        assertThat(other.get("/api/campaigns/" + campaign).status()).isEqualTo(404);
        assertThat(other.post("/api/campaigns/" + campaign + "/pause", null).status()).isEqualTo(404);
        assertThat(other.get("/api/campaigns/" + campaign + "/executions").status()).isEqualTo(404);
        assertThat(owner.post("/api/campaigns", Map.of("journeyId", journey, "name", "empty", "contacts", List.of()))
                .status()).isEqualTo(400);
    }

    @Test
    void theListShowsEachCampaignWithItsOwnCountsAndTimesAsItsOwnViewDoes() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant);
        String three = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "three", "contacts",
                List.of(Map.of("phoneNumber", "+14155550011"), Map.of("phoneNumber", "+14155550012"),
                        Map.of("phoneNumber", "+14155550013")))).expect(201).json().get("id").asString();
        String two = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "two", "contacts",
                List.of(Map.of("phoneNumber", "+14155550021"), Map.of("phoneNumber", "+14155550022")))).expect(201)
                .json().get("id").asString();
        for (String id : List.of(three, two)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> tenant.get("/api/campaigns/" + id).expect(200).json()
                    .get("status").asString().equals("DONE"));
        }

        // the list reads a page's counts and calls in one statement each: every campaign keeps its own
        JsonNode items = tenant.get("/api/campaigns").expect(200).json().get("items");
        for (String id : List.of(three, two)) {
            JsonNode listed = null;
            for (JsonNode item : items) {
                listed = item.get("id").asString().equals(id) ? item : listed;
            }
            JsonNode own = tenant.get("/api/campaigns/" + id).expect(200).json();
            assertThat(listed).as(id).isNotNull();
            for (String field : List.of("status", "total", "queued", "running", "completed", "failed", "cancelled",
                    "startedAt", "finishedAt", "recycled")) {
                assertThat(listed.get(field)).as(field).isEqualTo(own.get(field));
            }
        }
        assertThat(items.findValuesAsString("name")).containsExactly("two", "three");
        assertThat(items.get(0).get("completed").asLong()).isEqualTo(2);
        assertThat(items.get(1).get("completed").asLong()).isEqualTo(3);
        assertThat(items.get(1).get("startedAt").isNull()).isFalse();
    }

    private static String journey(ApiClient tenant) {
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155559000", "segment", "outbound")).expect(201);
        return tenant.post("/api/journeys", Map.of("name", "campaign journey", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "outbound"))))).expect(201).json().get("id")
                .asString();
    }
}
