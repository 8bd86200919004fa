package io.didpool.inbound;

import static io.didpool.inbound.InboundFixtures.called;
import static io.didpool.inbound.InboundFixtures.did;
import static io.didpool.inbound.InboundFixtures.journey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The callbacks a DID and an execution show, counted from records made the real way: a DID's in the last day and the
 * last 30 days, an execution's in all; a call from a number nobody called is no callback.
 */
class InboundCallbackCountsTest extends IntegrationTest {

    private static final AtomicLong NUMBERS = new AtomicLong(12125890000L);

    @Autowired
    InboundAgiServer server;

    @Autowired
    JdbcClient jdbc;

    /** The service's clock, which stamps the records and ends the windows (not the database's). */
    @Autowired
    Clock clock;

    private static String number() {
        return "+" + NUMBERS.incrementAndGet();
    }

    private String ask(String did, String caller) {
        return AgiRequests.ask(server.port(), did, caller, "1733800000." + NUMBERS.incrementAndGet()).recordId(jdbc);
    }

    private void written(List<String> ids) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM inbound_calls WHERE id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", ids.toArray(String[]::new)).query(Long.class).single() == ids.size());
    }

    private void ago(String id, Duration ago) {
        jdbc.sql("UPDATE inbound_calls SET at = :at WHERE id = CAST(:id AS uuid)")
                .param("at", Timestamp.from(clock.instant().minus(ago))).param("id", id).update();
    }

    @Test
    void aDidCountsItsCallbacksInTheLastDayAndThirtyDaysBesideItsAnswerRate() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        String didId = did(tenant, didNumber, "callbacks");
        String quietId = did(tenant, number(), "callbacks");
        String journey = journey(tenant, didId, "PJSIP/desk");
        String first = number();
        String second = number();
        called(tenant, journey, first);
        called(tenant, journey, second);

        List<String> records = new ArrayList<>();
        String today = ask(didNumber, first);
        String twoDaysAgo = ask(didNumber, first);
        String thirtyOneDaysAgo = ask(didNumber, first);
        records.addAll(List.of(today, twoDaysAgo, thirtyOneDaysAgo, ask(didNumber, second),
                // no call of the tenant called this number: no callback
                ask(didNumber, number())));
        written(records);
        ago(twoDaysAgo, Duration.ofDays(2));
        ago(thirtyOneDaysAgo, Duration.ofDays(31));

        JsonNode one = tenant.get("/api/asterisk-dids/" + didId).expect(200).json();
        assertThat(one.get("callbacksLastDay").asLong()).isEqualTo(2);
        assertThat(one.get("callbacksLast30Days").asLong()).isEqualTo(3);
        // beside answerRate
        List<String> fields = new ArrayList<>(one.propertyNames());
        assertThat(fields.indexOf("callbacksLastDay")).isEqualTo(fields.indexOf("answerRate") + 1);
        assertThat(fields.indexOf("callbacksLast30Days")).isEqualTo(fields.indexOf("answerRate") + 2);

        JsonNode page = tenant.get("/api/asterisk-dids?segment=callbacks&sort=createdAt").expect(200).json();
        assertThat(page.get("items")).hasSize(2);
        for (JsonNode did : page.get("items")) {
            boolean called = did.get("id").asString().equals(didId);
            assertThat(did.get("callbacksLastDay").asLong()).isEqualTo(called ? 2 : 0);
            assertThat(did.get("callbacksLast30Days").asLong()).isEqualTo(called ? 3 : 0);
        }
        JsonNode quiet = tenant.get("/api/asterisk-dids/" + quietId).expect(200).json();
        assertThat(quiet.get("callbacksLastDay").asLong()).isZero();
        assertThat(quiet.get("callbacksLast30Days").asLong()).isZero();

        // a change answers the DID as a read does
        JsonNode changed = tenant.put("/api/asterisk-dids/" + didId, Map.of("friendlyName", "front")).expect(200)
                .json();
        assertThat(changed.get("callbacksLast30Days").asLong()).isEqualTo(3);

        // the window edges: just inside the day and the 30 days, then just outside
        ago(today, Duration.ofDays(1).minusMinutes(1));
        ago(twoDaysAgo, Duration.ofDays(30).minusMinutes(1));
        JsonNode inside = tenant.get("/api/asterisk-dids/" + didId).expect(200).json();
        assertThat(inside.get("callbacksLastDay").asLong()).isEqualTo(2);
        assertThat(inside.get("callbacksLast30Days").asLong()).isEqualTo(3);
        ago(today, Duration.ofDays(1).plusMinutes(1));
        ago(twoDaysAgo, Duration.ofDays(30).plusMinutes(1));
        JsonNode outside = tenant.get("/api/asterisk-dids/" + didId).expect(200).json();
        assertThat(outside.get("callbacksLastDay").asLong()).isEqualTo(1);
        assertThat(outside.get("callbacksLast30Days").asLong()).isEqualTo(2);

        // another tenant's DID counts none of them
        ApiClient other = newTenant();
        JsonNode theirs = other.get("/api/asterisk-dids/" + did(other, number(), "callbacks")).expect(200).json();
        assertThat(theirs.get("callbacksLast30Days").asLong()).isZero();
    }

    @Test
    void rotationsLookCountsTheCallbacksAndAnAllocationsAnswerLeavesThemUncounted() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        String journey = journey(tenant, did(tenant, didNumber, "look"), null);
        String contact = number();
        called(tenant, journey, contact);
        written(List.of(ask(didNumber, contact)));

        JsonNode next = tenant.get("/api/asterisk-dids/next-available-by-segment?segment=look").expect(200).json();
        assertThat(next.get("did").get("callbacksLastDay").asLong()).isEqualTo(1);
        assertThat(next.get("did").get("callbacksLast30Days").asLong()).isEqualTo(1);
        // the allocation answers at once with what it took: no read of the inbound calls after the use is counted
        JsonNode taken = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "look")).expect(200).json();
        assertThat(taken.get("did").get("number").asString()).isEqualTo(didNumber);
        assertThat(taken.get("did").get("callbacksLastDay").isNull()).isTrue();
        assertThat(taken.get("did").get("callbacksLast30Days").isNull()).isTrue();
    }

    @Test
    void anExecutionCountsTheCallsThatAnsweredItInEveryAnswerThatShowsIt() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        String journey = journey(tenant, did(tenant, didNumber, "answered"), null);
        String first = number();
        String second = number();
        String answered = called(tenant, journey, first);
        String once = called(tenant, journey, second);
        String never = called(tenant, journey, number());

        List<String> records = new ArrayList<>(List.of(ask(didNumber, first), ask(didNumber, first),
                ask(didNumber, second)));
        written(records);
        // a callback long ago still answered the execution
        ago(records.get(0), Duration.ofDays(40));

        String path = "/api/journeys/" + journey + "/executions/";
        assertThat(tenant.get(path + answered).expect(200).json().get("callbacks").asLong()).isEqualTo(2);
        assertThat(tenant.get(path + once).expect(200).json().get("callbacks").asLong()).isEqualTo(1);
        assertThat(tenant.get(path + never).expect(200).json().get("callbacks").asLong()).isZero();

        JsonNode list = tenant.get("/api/journeys/" + journey + "/executions").expect(200).json();
        assertThat(list.get("items")).hasSize(3);
        for (JsonNode execution : list.get("items")) {
            String id = execution.get("id").asString();
            assertThat(execution.get("callbacks").asLong()).as(id)
                    .isEqualTo(id.equals(answered) ? 2 : id.equals(once) ? 1 : 0);
        }

        // a campaign's executions count theirs too
        String contact = number();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "november",
                "contacts", List.of(Map.of("phoneNumber", contact)))).expect(201).json().get("id").asString();
        JsonNode ofCampaign = await().atMost(Duration.ofSeconds(60)).until(() -> tenant.get("/api/campaigns/"
                + campaign + "/executions").expect(200).json().get("items").get(0),
                e -> e.get("status").asString().equals("COMPLETED"));
        assertThat(ofCampaign.get("callbacks").asLong()).isZero();
        written(List.of(ask(didNumber, contact)));
        JsonNode after = tenant.get("/api/campaigns/" + campaign + "/executions").expect(200).json()
                .get("items").get(0);
        assertThat(after.get("callbacks").asLong()).isEqualTo(1);
        assertThat(tenant.get("/api/inbound-calls?executionId=" + after.get("id").asString()).expect(200).json()
                .get("items").get(0).get("campaignId").asString()).isEqualTo(campaign);
    }
}
