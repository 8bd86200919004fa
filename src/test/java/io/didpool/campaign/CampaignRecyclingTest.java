package io.didpool.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.asterisk.CallStatus;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.OwnClock;
import io.didpool.testsupport.ScriptedCallees;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A campaign's recycle rules: a contact whose call rang out (or met a busy line, when chosen) is called again after
 * the rule's delay, as a new step of the same execution queued like any call, until it has had the rule's number of
 * calls, the first included. Calls end as their callee is scripted ({@link ScriptedCallees}), on the service's clock
 * the tests set ({@link OwnClock}). A retry's delay is kept in the dial queue in the database's time, as every wait
 * is; a test lets it pass by moving that call's ready time to now ({@link #delayPasses}), as the pruning test moves a
 * task's.
 */
@OwnClock
class CampaignRecyclingTest extends IntegrationTest {

    /** Wednesday 2027-03-10, 12:00 in New York (EST): inside the shipped calling hours, 08:00-21:00. */
    private static final Instant NOON_NEW_YORK = Instant.parse("2027-03-10T17:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNoAnswerIsCalledAgainAfterItsDelayAsNewStepsOfTheSameExecutionUntilMaxAttemptsCountingTheFirst() {
        OwnClock.CLOCK.set(NOON_NEW_YORK);
        ScriptedCallees.script("+12125551101", CallStatus.NO_ANSWER);
        ApiClient tenant = newTenant();
        Instant before = OwnClock.CLOCK.instant();
        String campaign = campaign(tenant, journey(tenant, "+12125559101"), List.of(rule("NO_ANSWER", 60, 3)),
                "+12125551101");

        JsonNode execution = awaitExecution(tenant, campaign, e -> steps(e) == 2);
        assertThat(execution.get("status").asString()).as("not final while a rule applies").isEqualTo("RUNNING");
        JsonNode first = execution.get("steps").get(0);
        assertThat(first.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(first.get("outcome").asString()).isEqualTo("NO_ANSWER");
        JsonNode retry = execution.get("steps").get(1);
        assertThat(retry.get("status").asString()).isEqualTo("WAITING");
        assertThat(retry.get("nodeId").asString()).isEqualTo(first.get("nodeId").asString());
        assertThat(retry.get("waitingFor").get("reason").asString()).isEqualTo("RECYCLE");
        assertThat(Instant.parse(retry.get("waitingFor").get("until").asString()))
                .as("an hour after the call ended, on the service's clock")
                .isBetween(before.plus(Duration.ofMinutes(60)), OwnClock.CLOCK.instant().plus(Duration.ofMinutes(60)));
        JsonNode view = tenant.get("/api/campaigns/" + campaign).expect(200).json();
        assertThat(view.get("status").asString()).isEqualTo("RUNNING");
        assertThat(view.get("recycled").asLong()).isEqualTo(1);
        assertThat(view.get("waitingByReason").get("RECYCLE").asLong()).isEqualTo(1);
        assertThat(view.get("recycle").get(0).get("afterMinutes").asInt()).isEqualTo(60);
        assertThat(secondsUntilReady(campaign)).as("not before its delay: the queue holds it an hour")
                .isGreaterThan(59 * 60);

        delayPasses(campaign);
        execution = awaitExecution(tenant, campaign, e -> steps(e) == 3);
        assertThat(execution.get("steps").get(1).get("outcome").asString()).isEqualTo("NO_ANSWER");
        assertThat(execution.get("steps").get(1).get("did").get("number").asString()).isEqualTo("+12125559101");
        assertThat(execution.get("steps").get(2).get("status").asString()).isEqualTo("WAITING");

        delayPasses(campaign);
        JsonNode done = await().atMost(Duration.ofSeconds(20)).until(
                () -> tenant.get("/api/campaigns/" + campaign).expect(200).json(),
                c -> c.get("status").asString().equals("DONE"));
        execution = executions(tenant, campaign).get(0);
        assertThat(execution.get("status").asString()).as("three calls in all: no rule applies any more")
                .isEqualTo("COMPLETED");
        assertThat(execution.get("steps")).hasSize(3)
                .allSatisfy(step -> assertThat(step.get("outcome").asString()).isEqualTo("NO_ANSWER"));
        assertThat(done.get("recycled").asLong()).isEqualTo(2);
        assertThat(done.get("completed").asLong()).isEqualTo(1);
        assertThat(calls(campaign)).as("the same execution, one call per step").isEqualTo(3);
    }

    @Test
    void onlyTheChosenOutcomeIsRecycledAndCancellingStopsTheRetries() {
        OwnClock.CLOCK.set(NOON_NEW_YORK);
        ScriptedCallees.script("+12125551201", CallStatus.BUSY);
        ScriptedCallees.script("+12125551202", CallStatus.NO_ANSWER);
        ApiClient tenant = newTenant();
        String campaign = campaign(tenant, journey(tenant, "+12125559201"), List.of(rule("NO_ANSWER", 30, 2)),
                "+12125551201", "+12125551202");

        await().atMost(Duration.ofSeconds(20)).until(() -> executions(tenant, campaign).stream()
                .mapToInt(CampaignRecyclingTest::steps).sum() == 3);
        Map<String, JsonNode> byContact = byContact(tenant, campaign);
        assertThat(byContact.get("+12125551201").get("status").asString()).as("BUSY has no rule: final")
                .isEqualTo("COMPLETED");
        assertThat(byContact.get("+12125551201").get("steps")).hasSize(1);
        assertThat(byContact.get("+12125551202").get("steps").get(1).get("waitingFor").get("reason").asString())
                .isEqualTo("RECYCLE");

        JsonNode cancelled = tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200).json();
        assertThat(cancelled.get("cancelled").asLong()).isEqualTo(1);
        assertThat(cancelled.get("waiting").asLong()).isZero();
        delayPasses(campaign);
        assertThat(byContact(tenant, campaign).get("+12125551202").get("status").asString())
                .isEqualTo("CANCELLED");
        assertThat(calls(campaign)).as("the retry was cancelled with the campaign, never dialled").isEqualTo(2);
    }

    @Test
    void aPausedCampaignHoldsItsRetryPastItsDelayAndDialsItOnceResumed() {
        OwnClock.CLOCK.set(NOON_NEW_YORK);
        ScriptedCallees.script("+12125551601", CallStatus.NO_ANSWER);
        ApiClient tenant = newTenant();
        String campaign = campaign(tenant, journey(tenant, "+12125559601"), List.of(rule("NO_ANSWER", 30, 2)),
                "+12125551601");
        awaitExecution(tenant, campaign, e -> steps(e) == 2);

        tenant.post("/api/campaigns/" + campaign + "/pause", Map.of()).expect(200);
        delayPasses(campaign);
        // due, and held: a retry is a queued call of the campaign, and a paused campaign starts none
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> calls(campaign) == 1);
        assertThat(tenant.get("/api/campaigns/" + campaign).expect(200).json().get("status").asString())
                .isEqualTo("PAUSED");

        tenant.post("/api/campaigns/" + campaign + "/resume", Map.of()).expect(200);
        JsonNode execution = awaitExecution(tenant, campaign, e -> e.get("status").asString().equals("COMPLETED"));
        assertThat(execution.get("steps")).hasSize(2)
                .allSatisfy(step -> assertThat(step.get("outcome").asString()).isEqualTo("NO_ANSWER"));
        assertThat(calls(campaign)).isEqualTo(2);
    }

    @Test
    void aCallRingingWhenItsCampaignIsCancelledIsNotRecycledWhenItRingsOut() {
        OwnClock.CLOCK.set(NOON_NEW_YORK);
        ScriptedCallees.script("+12125551501", CallStatus.NO_ANSWER, Duration.ofSeconds(2));
        ApiClient tenant = newTenant();
        String campaign = campaign(tenant, journey(tenant, "+12125559501"), List.of(rule("NO_ANSWER", 30, 3)),
                "+12125551501");
        await().atMost(Duration.ofSeconds(20)).until(
                () -> tenant.get("/api/campaigns/" + campaign).expect(200).json().get("running").asLong() == 1);

        tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200);

        JsonNode execution = awaitExecution(tenant, campaign, e -> !e.get("status").asString().equals("RUNNING"));
        assertThat(execution.get("steps")).hasSize(1);
        assertThat(execution.get("steps").get(0).get("outcome").asString()).isEqualTo("NO_ANSWER");
        JsonNode view = tenant.get("/api/campaigns/" + campaign).expect(200).json();
        assertThat(view.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(view.get("recycled").asLong()).as("a cancelled campaign recycles nothing").isZero();
        assertThat(view.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void aRetryThatFallsOutsideTheCallingHoursWaitsForThem() {
        // 20:58:30 in New York: the call ends inside the window, its retry two minutes later is after 21:00
        OwnClock.CLOCK.set(Instant.parse("2027-03-11T01:58:30Z"));
        ScriptedCallees.script("+12125551301", CallStatus.NO_ANSWER);
        ApiClient tenant = newTenant();
        String campaign = campaign(tenant, journey(tenant, "+12125559301"), List.of(rule("NO_ANSWER", 2, 2)),
                "+12125551301");

        JsonNode execution = awaitExecution(tenant, campaign, e -> steps(e) == 2);
        JsonNode waiting = execution.get("steps").get(1).get("waitingFor");
        assertThat(waiting.get("reason").asString()).isEqualTo("CALLING_HOURS");
        assertThat(waiting.get("until").asString()).as("08:00 EST the next morning").isEqualTo("2027-03-11T13:00:00Z");
        assertThat(waiting.get("timeZone").asString()).isEqualTo("America/New_York");
        tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200);
    }

    @Test
    void recycleRulesAreSetByPutAuditedAndRefusedNamingTheFieldAndValue() {
        // 03:00 in New York: its call waits for the window, the campaign stays running
        OwnClock.CLOCK.set(Instant.parse("2027-03-10T08:00:00Z"));
        ApiClient tenant = newTenant();
        String journey = journey(tenant, "+12125559401");
        String campaign = campaign(tenant, journey, List.of(), "+12125551401");
        String path = "/api/campaigns/" + campaign + "/recycle";

        JsonNode updated = tenant.put(path, Map.of("recycle", List.of(rule("BUSY", 30, 2), rule("NO_ANSWER", 60, 4))))
                .expect(200).json();
        assertThat(updated.get("recycle")).hasSize(2);
        assertThat(updated.get("recycle").get(0).get("outcome").asString()).isEqualTo("NO_ANSWER");
        assertThat(updated.get("recycle").get(0).get("maxAttempts").asInt()).isEqualTo(4);
        assertThat(tenant.get("/api/campaigns/" + campaign).expect(200).json().get("recycle")).hasSize(2);
        JsonNode entry = tenant.get("/api/audit?entity=campaign&id=" + campaign).expect(200).json().get("items")
                .get(0);
        assertThat(entry.get("action").asString()).isEqualTo("recycle");
        assertThat(entry.get("before").get("recycle")).isEmpty();
        assertThat(entry.get("after").get("recycle")).hasSize(2);

        refused(tenant, path, "{\"recycle\":[{\"outcome\":\"FAILED\",\"afterMinutes\":60,\"maxAttempts\":3}]}",
                "recycle[0].outcome", "\"FAILED\"");
        refused(tenant, path, "{\"recycle\":[{\"outcome\":\"BUSY\",\"afterMinutes\":0,\"maxAttempts\":3}]}",
                "recycle[0].afterMinutes", "got 0");
        refused(tenant, path, "{\"recycle\":[{\"outcome\":\"BUSY\",\"afterMinutes\":10081,\"maxAttempts\":3}]}",
                "recycle[0].afterMinutes", "got 10081");
        refused(tenant, path, "{\"recycle\":[{\"outcome\":\"BUSY\",\"afterMinutes\":\"60\",\"maxAttempts\":3}]}",
                "recycle[0].afterMinutes", "got \"60\"");
        refused(tenant, path, "{\"recycle\":[{\"outcome\":\"BUSY\",\"afterMinutes\":60,\"maxAttempts\":1}]}",
                "recycle[0].maxAttempts", "got 1");
        refused(tenant, path, "{\"recycle\":[{\"outcome\":\"BUSY\",\"afterMinutes\":60,\"maxAttempts\":11}]}",
                "recycle[0].maxAttempts", "got 11");
        refused(tenant, path, "{\"recycle\":[{\"outcome\":\"BUSY\",\"afterMinutes\":60,\"maxAttempts\":2},"
                + "{\"outcome\":\"BUSY\",\"afterMinutes\":5,\"maxAttempts\":2}]}", "recycle[1].outcome", "recycle[0]");
        refused(tenant, path, "{\"recycle\":[{\"outcome\":\"BUSY\",\"after\":60,\"maxAttempts\":2}]}",
                "recycle[0].after", "a recycle rule takes outcome, afterMinutes, maxAttempts");
        refused(tenant, "/api/campaigns", "{\"journeyId\":\"" + journey + "\",\"name\":\"bad\",\"contacts\":"
                + "[{\"phoneNumber\":\"+12125551402\"}],\"recycle\":[{\"outcome\":\"NO_ANSWER\",\"afterMinutes\":60}]}",
                "recycle[0].maxAttempts", "required");
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("total").asLong())
                .as("a refused campaign is not created").isEqualTo(1);
        assertThat(tenant.get("/api/campaigns/" + campaign).expect(200).json().get("recycle"))
                .as("refusals changed nothing").hasSize(2);
        assertThat(newTenant().put(path, Map.of("recycle", List.of())).status()).isEqualTo(404);

        tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200);
        assertThat(tenant.put(path, Map.of("recycle", List.of())).status()).isEqualTo(409);
    }

    // ---- helpers

    static Map<String, Object> rule(String outcome, int afterMinutes, int maxAttempts) {
        return Map.of("outcome", outcome, "afterMinutes", afterMinutes, "maxAttempts", maxAttempts);
    }

    private static void refused(ApiClient tenant, String path, String body, String field, String quoted) {
        ApiClient.Response response = tenant.send(path.endsWith("/recycle") ? "PUT" : "POST", path, body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("message").asString()).contains(quoted);
    }

    /** A DID of its own in a segment of its own, and a journey of one call from that segment. */
    static String journey(ApiClient tenant, String did) {
        String segment = "recycle-" + did.substring(1);
        tenant.post("/api/asterisk-dids", Map.of("number", did, "segment", segment)).expect(201);
        return tenant.post("/api/journeys", Map.of("name", "calls " + did, "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", segment))))).expect(201).json()
                .get("id").asString();
    }

    static String campaign(ApiClient tenant, String journey, List<Map<String, Object>> recycle, String... contacts) {
        return tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "recycling", "recycle", recycle,
                "contacts", java.util.Arrays.stream(contacts).map(c -> Map.of("phoneNumber", c)).toList()))
                .expect(201).json().get("id").asString();
    }

    private static List<JsonNode> executions(ApiClient tenant, String campaign) {
        List<JsonNode> all = new java.util.ArrayList<>();
        tenant.get("/api/campaigns/" + campaign + "/executions?size=100").expect(200).json().get("items")
                .forEach(all::add);
        return all;
    }

    private static Map<String, JsonNode> byContact(ApiClient tenant, String campaign) {
        Map<String, JsonNode> byContact = new java.util.HashMap<>();
        executions(tenant, campaign).forEach(e -> byContact.put(e.get("contact").get("phoneNumber").asString(), e));
        return byContact;
    }

    private static JsonNode awaitExecution(ApiClient tenant, String campaign, Predicate<JsonNode> until) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> executions(tenant, campaign).get(0), until);
    }

    private static int steps(JsonNode execution) {
        return execution.get("steps").size();
    }

    /** The campaign's queued calls are ready now: their delay has passed. The dial queue's poll finds them. */
    private void delayPasses(String campaign) {
        jdbc.sql("UPDATE calls SET ready_at = now() WHERE flow_id = :campaign AND state = 'QUEUED'")
                .param("campaign", UUID.fromString(campaign)).update();
    }

    /** How long until the campaign's queued call may start, in the dial queue's (the database's) time. */
    private long secondsUntilReady(String campaign) {
        return jdbc.sql("""
                        SELECT extract(epoch FROM ready_at - now())::bigint FROM calls
                         WHERE flow_id = :campaign AND state = 'QUEUED'""")
                .param("campaign", UUID.fromString(campaign)).query(Long.class).single();
    }

    /** The campaign's calls that got a set-up slot. */
    private long calls(String campaign) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE flow_id = :campaign AND claimed_at IS NOT NULL")
                .param("campaign", UUID.fromString(campaign)).query(Long.class).single();
    }
}
