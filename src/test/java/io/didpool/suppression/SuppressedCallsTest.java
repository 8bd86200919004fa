package io.didpool.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Suppression where numbers are called, on the dry-run dialer: campaigns and single executions queued for a
 * suppressed contact end SUPPRESSED with no call, and a call queued before its number was suppressed is not dialled.
 * What was dialled is read from the dial queue ({@code calls}): a call's row exists only if it was queued, and
 * {@code originated_at} is written only once the dialer took its Originate.
 */
class SuppressedCallsTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCampaignsSuppressedContactsEndSuppressedAtOnceAndAreNeverQueued() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant, "+14155559700", null);
        tenant.put("/api/suppression/+14155550002", Map.of("reason", "asked not to be called")).expect(200);
        tenant.put("/api/suppression/+14155550004", Map.of("expiresAt",
                Instant.now().minus(1, ChronoUnit.MINUTES).toString())).expect(200);

        JsonNode created = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "dnc", "contacts",
                contacts("+14155550001", "+14155550002", "+14155550003", "+14155550004"))).expect(201).json();
        assertThat(created.get("suppressed").asLong()).isEqualTo(1);
        String id = created.get("id").asString();

        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(
                () -> tenant.get("/api/campaigns/" + id).expect(200).json(),
                c -> c.get("status").asString().equals("DONE"));
        assertThat(done.get("completed").asLong()).as("an expired entry suppresses no more").isEqualTo(3);
        assertThat(done.get("suppressed").asLong()).isEqualTo(1);
        JsonNode suppressed = tenant.get("/api/campaigns/" + id + "/executions?status=SUPPRESSED").expect(200)
                .json().get("items");
        assertThat(suppressed).hasSize(1);
        assertThat(suppressed.get(0).get("contact").get("phoneNumber").asString()).isEqualTo("+14155550002");
        assertThat(suppressed.get(0).get("error").asString()).isEqualTo("suppressed: asked not to be called");
        assertThat(suppressed.get(0).get("steps")).isEmpty();
        assertThat(callsTo(tenant, "+14155550002")).as("never queued, never dialled").isZero();
        assertThat(callsTo(tenant, "+14155550004")).isEqualTo(1);
    }

    @Test
    void aSingleExecutionForASuppressedContactIsAcceptedAndEndsSuppressed() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant, "+14155559701", null);
        tenant.put("/api/suppression/+14155550011", Map.of()).expect(200);

        JsonNode queued = tenant.post("/api/journeys/" + journey + "/executions", Map.of("contact",
                Map.of("phoneNumber", "+14155550011"))).expect(202).json();
        assertThat(queued.get("status").asString()).isEqualTo("SUPPRESSED");

        JsonNode execution = tenant.get("/api/journeys/" + journey + "/executions/" + queued.get("id").asString())
                .expect(200).json();
        assertThat(execution.get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(execution.get("error").asString()).isEqualTo("suppressed");
        assertThat(execution.get("finishedAt").isNull()).isFalse();
        assertThat(callsTo(tenant, "+14155550011")).isZero();
    }

    @Test
    void aNumberSuppressedAfterItsCallWasQueuedIsNotDialled() {
        // one set-up every ~5 s: the second contact's call waits in the queue while its number is suppressed
        admin().put("/api/admin/trunks/SLOWDNC", Map.of("callsPerSecond", 0.2)).expect(200);
        ApiClient tenant = newTenant();
        String journey = journey(tenant, "+14155559702", "SLOWDNC");

        String id = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "late", "contacts",
                contacts("+14155550021", "+14155550022"))).expect(201).json().get("id").asString();
        tenant.put("/api/suppression/+14155550022", Map.of("reason", "complaint")).expect(200);

        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(
                () -> tenant.get("/api/campaigns/" + id).expect(200).json(),
                c -> c.get("status").asString().equals("DONE"));
        assertThat(done.get("completed").asLong()).isEqualTo(1);
        assertThat(done.get("suppressed").asLong()).isEqualTo(1);
        JsonNode suppressed = tenant.get("/api/campaigns/" + id + "/executions?status=SUPPRESSED").expect(200)
                .json().get("items").get(0);
        assertThat(suppressed.get("contact").get("phoneNumber").asString()).isEqualTo("+14155550022");
        assertThat(suppressed.get("error").asString()).isEqualTo("suppressed: complaint");
        assertThat(suppressed.get("steps")).as("no step ran: nothing was dialled").isEmpty();

        Map<String, Object> call = jdbc.sql("""
                        SELECT outcome, attempts, did_id, originated_at, reason FROM calls
                         WHERE tenant_id = :tenant AND destination = '+14155550022'""")
                .param("tenant", tenantId(tenant))
                .query().singleRow();
        assertThat(call.get("outcome")).isEqualTo("SUPPRESSED");
        assertThat(call.get("attempts")).as("it took no slot").isEqualTo(0);
        assertThat(call.get("did_id")).as("it took no DID").isNull();
        assertThat(call.get("originated_at")).as("no Originate left").isNull();
        assertThat(jdbc.sql("""
                        SELECT usage_count FROM asterisk_dids WHERE tenant_id = :tenant""")
                .param("tenant", tenantId(tenant)).query(Integer.class).single())
                .as("one use: the call that was dialled").isEqualTo(1);
    }

    private long callsTo(ApiClient tenant, String number) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE tenant_id = :tenant AND destination = :number")
                .param("tenant", tenantId(tenant))
                .param("number", number)
                .query(Long.class).single();
    }

    /** The tenant's id, read from the journey it created (each test's tenant has one). */
    private UUID tenantId(ApiClient tenant) {
        String journey = tenant.get("/api/journeys").expect(200).json().get("items").get(0).get("id").asString();
        return jdbc.sql("SELECT tenant_id FROM journeys WHERE id = :id")
                .param("id", UUID.fromString(journey))
                .query(UUID.class).single();
    }

    private static List<Map<String, String>> contacts(String... numbers) {
        return java.util.Arrays.stream(numbers).map(n -> Map.of("phoneNumber", n)).toList();
    }

    private static String journey(ApiClient tenant, String did, String trunk) {
        tenant.post("/api/asterisk-dids", trunk == null ? Map.of("number", did, "segment", "outbound")
                : Map.of("number", did, "segment", "outbound", "trunk", trunk)).expect(201);
        return tenant.post("/api/journeys", Map.of("name", "dnc journey", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "outbound"))))).expect(201).json().get("id")
                .asString();
    }
}
