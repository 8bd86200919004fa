package io.didpool.journey;

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
 * Deleting a journey never removes its history and never silently stops its work: with executions queued or running
 * it is refused (409 naming them) unless asked to cancel them, which cancels as a campaign's cancel does. Calls here
 * stay in progress ({@link LongDryRunCalls}); each test's trunk (its own) takes one at a time, so one call (of the
 * campaign or of the journey's own execution, whichever got the slot) is in progress and the rest wait.
 */
@LongDryRunCalls
class JourneyDeletionTest extends IntegrationTest {

    @Test
    void aJourneyWithExecutionsQueuedOrRunningIsNotDeletedAndTheRefusalNamesThem() {
        Work work = workInFlight("DEL_REFUSED_" + System.nanoTime());

        ApiClient.Response refused = work.tenant.delete("/api/journeys/" + work.journey);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString())
                .contains("campaign " + work.campaign + " (")
                .contains("execution(s) " + work.execution + " (")
                .contains("cancelExecutions=true");
        work.tenant.get("/api/journeys/" + work.journey).expect(200);
        JsonNode campaign = work.tenant.get("/api/campaigns/" + work.campaign).expect(200).json();
        assertThat(campaign.get("status").asString()).isEqualTo("RUNNING");
        assertThat(campaign.get("cancelled").asLong()).isZero();
        assertThat(execution(work).get("status").asString()).isIn("QUEUED", "RUNNING");
        assertThat(trunk(work.trunk).get("queued").asLong()).isEqualTo(3);
    }

    @Test
    void deletingWithCancelExecutionsCancelsLikeACampaignCancelAndKeepsCampaignsAndExecutionsReadable() {
        Work work = workInFlight("DEL_CANCELLED_" + System.nanoTime());

        work.tenant.delete("/api/journeys/" + work.journey + "?cancelExecutions=true").expect(204);

        assertThat(work.tenant.get("/api/journeys/" + work.journey).status()).isEqualTo(404);
        JsonNode campaign = work.tenant.get("/api/campaigns/" + work.campaign).expect(200).json();
        assertThat(campaign.get("journeyId").asString()).isEqualTo(work.journey);
        assertThat(campaign.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(campaign.get("queued").asLong()).isZero();
        JsonNode executions = work.tenant.get("/api/campaigns/" + work.campaign + "/executions").expect(200).json();
        assertThat(executions.get("total").asLong()).isEqualTo(3);
        List<String> statuses = new java.util.ArrayList<>(executions.get("items").valueStream()
                .map(e -> e.get("status").asString()).toList());
        JsonNode own = execution(work);
        assertThat(own.get("journeyId").asString()).isEqualTo(work.journey);
        statuses.add(own.get("status").asString());
        // of the four executions, the one whose call is in progress runs on; the three queued are cancelled
        assertThat(statuses).containsExactlyInAnyOrder("RUNNING", "CANCELLED", "CANCELLED", "CANCELLED");
        // the call in progress keeps its row, so its trunk's cap still counts it
        assertThat(trunk(work.trunk).get("callsInProgress").asLong()).isEqualTo(1);
        assertThat(trunk(work.trunk).get("queued").asLong()).isZero();
    }

    @Test
    void aJourneyWithNothingInFlightIsDeletedAndItsFinishedCampaignStaysReadable() {
        ApiClient tenant = newTenant();
        // a journey without nodes: its executions complete as they are queued
        String journey = tenant.post("/api/journeys", Map.of("name", "empty", "nodes", List.of())).expect(201).json()
                .get("id").asString();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "done",
                "contacts", List.of(Map.of("phoneNumber", "+14165560001")))).expect(201).json().get("id").asString();

        tenant.delete("/api/journeys/" + journey).expect(204);

        JsonNode kept = tenant.get("/api/campaigns/" + campaign).expect(200).json();
        assertThat(kept.get("status").asString()).isEqualTo("DONE");
        assertThat(kept.get("completed").asLong()).isEqualTo(1);
        assertThat(kept.get("journeyId").asString()).isEqualTo(journey);
    }

    /**
     * On a trunk of one call at a time: a campaign of three contacts (one call in progress, two queued) and one
     * execution of the journey's own (queued).
     */
    private Work workInFlight(String trunk) {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        admin.put("/api/admin/trunks/" + trunk, Map.of("callsPerSecond", 1000, "maxConcurrentCalls", 1)).expect(200);
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155560000", "segment", "deleted", "trunk", trunk))
                .expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "to delete", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "deleted"))))).expect(201).json().get("id")
                .asString();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "in flight",
                "contacts", List.of(Map.of("phoneNumber", "+14165560001"), Map.of("phoneNumber", "+14165560002"),
                        Map.of("phoneNumber", "+14165560003")))).expect(201).json().get("id").asString();
        String execution = tenant.post("/api/journeys/" + journey + "/executions",
                Map.of("contact", Map.of("phoneNumber", "+14165560004"))).expect(202).json().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode state = trunk(trunk);
            return state.get("callsInProgress").asLong() == 1 && state.get("queued").asLong() == 3;
        });
        return new Work(tenant, trunk, journey, campaign, execution);
    }

    private JsonNode execution(Work work) {
        return work.tenant.get("/api/journeys/" + work.journey + "/executions/" + work.execution).expect(200).json();
    }

    private JsonNode trunk(String name) {
        return api().withToken(ADMIN_TOKEN).get("/api/admin/trunks/" + name).expect(200).json();
    }

    private record Work(ApiClient tenant, String trunk, String journey, String campaign, String execution) {
    }
}
