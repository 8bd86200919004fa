package io.didpool.inbound;

import static io.didpool.inbound.InboundFixtures.called;
import static io.didpool.inbound.InboundFixtures.did;
import static io.didpool.inbound.InboundFixtures.journey;
import static io.didpool.inbound.InboundFixtures.segmentRoute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/inbound-calls over records made the real way (Asterisk's FastAGI request, written after the answer):
 * each filter, paging, the refusal of bad values, and who sees which calls.
 */
class InboundCallsApiTest extends IntegrationTest {

    private static final AtomicLong NUMBERS = new AtomicLong(12125880000L);

    @Autowired
    InboundAgiServer server;

    @Autowired
    JdbcClient jdbc;

    private static String number() {
        return "+" + NUMBERS.incrementAndGet();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Asks didpool about a call as Asterisk does; the id of the record it leaves. */
    private String ask(String did, String caller) {
        return AgiRequests.ask(server.port(), did, caller, "1733700000." + NUMBERS.incrementAndGet()).recordId(jdbc);
    }

    /** Waits for the records (written after the answer) and sets when each was asked: as given, in order. */
    private void at(List<String> ids, List<Instant> times) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM inbound_calls WHERE id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", ids.toArray(String[]::new)).query(Long.class).single() == ids.size());
        for (int i = 0; i < ids.size(); i++) {
            jdbc.sql("UPDATE inbound_calls SET at = :at WHERE id = CAST(:id AS uuid)")
                    .param("at", Timestamp.from(times.get(i))).param("id", ids.get(i)).update();
        }
    }

    private static List<String> ids(ApiClient client, String query) {
        JsonNode page = client.get("/api/inbound-calls" + query).expect(200).json();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        assertThat(page.get("total").asLong()).as("total of %s", query).isEqualTo(ids.size());
        return ids;
    }

    @Test
    void everyFilterNarrowsTheTenantsCallsNewestFirst() {
        ApiClient tenant = newTenant();
        String didA = number();
        String didB = number();
        segmentRoute(tenant, "inbound-a", "PJSIP/desk");
        String journey = journey(tenant, did(tenant, didA, "inbound-a"), "+14155550601");
        did(tenant, didB, "inbound-b");
        String contact = number();
        String execution = called(tenant, journey, contact);
        String stranger = number();

        String callback = ask(didA, contact);
        String segment = ask(didA, stranger);
        String refused = ask(didB, stranger);
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        Instant first = base.minus(Duration.ofHours(2));
        Instant second = base.minus(Duration.ofHours(1));
        at(List.of(callback, segment, refused), List.of(first, second, base));

        JsonNode all = tenant.get("/api/inbound-calls").expect(200).json();
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("page").asInt()).isZero();
        assertThat(all.get("size").asInt()).isEqualTo(50);
        assertThat(ids(tenant, "")).containsExactly(refused, segment, callback);
        JsonNode item = all.get("items").get(2);
        assertThat(item.propertyNames()).containsExactly("id", "at", "did", "caller", "decision", "route",
                "executionId", "campaignId", "outcome", "durationSeconds", "reason");
        assertThat(item.get("at").asString()).isEqualTo(first.toString());
        assertThat(item.get("did").asString()).isEqualTo(didA);
        assertThat(item.get("caller").asString()).isEqualTo(contact);
        assertThat(item.get("decision").asString()).isEqualTo("CALLBACK");
        assertThat(item.get("route").asString()).isEqualTo("+14155550601");
        assertThat(item.get("executionId").asString()).isEqualTo(execution);
        assertThat(item.get("campaignId").isNull()).isTrue();
        assertThat(all.get("items").get(0).get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(all.get("items").get(0).get("route").isNull()).isTrue();

        assertThat(ids(tenant, "?did=" + q(didA))).containsExactly(segment, callback);
        assertThat(ids(tenant, "?did=" + q(didB))).containsExactly(refused);
        assertThat(ids(tenant, "?segment=inbound-b")).containsExactly(refused);
        assertThat(ids(tenant, "?segment=inbound-a")).containsExactly(segment, callback);
        assertThat(ids(tenant, "?caller=" + q(contact))).containsExactly(callback);
        assertThat(ids(tenant, "?caller=" + q(stranger))).containsExactly(refused, segment);
        assertThat(ids(tenant, "?decision=CALLBACK")).containsExactly(callback);
        assertThat(ids(tenant, "?decision=SEGMENT")).containsExactly(segment);
        assertThat(ids(tenant, "?decision=NO_ROUTE")).containsExactly(refused);
        assertThat(ids(tenant, "?decision=DEFAULT")).isEmpty();
        assertThat(ids(tenant, "?executionId=" + execution)).containsExactly(callback);
        // from inclusive, to exclusive
        assertThat(ids(tenant, "?from=" + q(second.toString()))).containsExactly(refused, segment);
        assertThat(ids(tenant, "?to=" + q(second.toString()))).containsExactly(callback);
        assertThat(ids(tenant, "?from=" + q(second.toString()) + "&to=" + q(base.toString())))
                .containsExactly(segment);
        // a time with an offset is the same instant
        assertThat(ids(tenant, "?from=" + q(second.atOffset(java.time.ZoneOffset.ofHours(-5)).toString())))
                .containsExactly(refused, segment);
        // filters add up; a blank one does not filter
        assertThat(ids(tenant, "?did=" + q(didA) + "&decision=SEGMENT&caller=" + q(stranger) + "&segment="))
                .containsExactly(segment);
        assertThat(ids(tenant, "?did=" + q(didB) + "&decision=SEGMENT")).isEmpty();
    }

    @Test
    void pagesLikeTheOtherListsNewestFirstWithTheTotal() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        did(tenant, didNumber, "paged");
        List<String> asked = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            asked.add(ask(didNumber, number()));
            times.add(base.minus(Duration.ofMinutes(10 - i)));
        }
        at(asked, times);

        JsonNode first = tenant.get("/api/inbound-calls?size=2").expect(200).json();
        JsonNode last = tenant.get("/api/inbound-calls?size=2&page=2").expect(200).json();
        assertThat(first.get("total").asLong()).isEqualTo(5);
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("items").get(0).get("id").asString()).isEqualTo(asked.get(4));
        assertThat(first.get("items").get(1).get("id").asString()).isEqualTo(asked.get(3));
        assertThat(last.get("page").asInt()).isEqualTo(2);
        assertThat(last.get("items")).hasSize(1);
        assertThat(last.get("items").get(0).get("id").asString()).isEqualTo(asked.get(0));
        assertThat(tenant.get("/api/inbound-calls?size=2&page=3").expect(200).json().get("items")).isEmpty();

        assertRefused(tenant, "?size=0", "size");
        assertRefused(tenant, "?size=501", "size");
        assertRefused(tenant, "?page=-1", "page");
        assertThat(tenant.get("/api/inbound-calls?size=500").status()).isEqualTo(200);
    }

    @Test
    void aBadFilterIsRefusedNamingTheParameterAndQuotingTheValue() {
        ApiClient tenant = newTenant();
        assertRefused(tenant, "?did=4155550100", "did", "\"4155550100\"");
        assertRefused(tenant, "?segment=" + q("Not A Segment"), "segment", "\"Not A Segment\"");
        assertRefused(tenant, "?caller=" + "9".repeat(65), "caller", "9".repeat(30));
        assertRefused(tenant, "?decision=callback", "decision", "\"callback\"");
        assertRefused(tenant, "?decision=MAYBE", "decision", "\"MAYBE\"");
        assertRefused(tenant, "?executionId=not-an-id", "executionId", "\"not-an-id\"");
        assertRefused(tenant, "?executionId=1-1-1-1-1", "executionId", "\"1-1-1-1-1\"");
        assertRefused(tenant, "?from=yesterday", "from", "\"yesterday\"");
        assertRefused(tenant, "?to=2026-12-01T10:00:00", "to", "\"2026-12-01T10:00:00\"");
        assertRefused(tenant, "?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to",
                "\"2026-12-01T00:00:00Z\"");
        // a parameter the list does not take, as every list refuses it
        assertRefused(tenant, "?number=" + q("+14155550100"), "number");
    }

    private static void assertRefused(ApiClient client, String query, String field, String... quoted) {
        ApiClient.Response response = client.get("/api/inbound-calls" + query);
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("detail").asString()).as(query).contains(field);
        for (String value : quoted) {
            assertThat(problem.get("detail").asString()).as(query).contains(value);
        }
    }

    @Test
    void aTenantSeesOnlyItsCallsAndCallsOfNoTenantOnlyTheAdminSees() {
        ApiClient mine = newTenant();
        ApiClient other = newTenant();
        String myDid = number();
        String shared = number();
        String nobodys = number();
        did(mine, myDid, "own");
        did(mine, shared, "own");
        did(other, shared, "own");
        String caller = number();

        String own = ask(myDid, caller);
        String ambiguous = ask(shared, caller);
        String unknown = ask(nobodys, caller);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        at(List.of(own, ambiguous, unknown), List.of(now.minusSeconds(3), now.minusSeconds(2), now.minusSeconds(1)));

        assertThat(ids(mine, "")).containsExactly(own);
        assertThat(ids(other, "")).isEmpty();
        // a filter reaches no further than the tenant's own calls
        assertThat(ids(mine, "?caller=" + q(caller))).containsExactly(own);
        assertThat(ids(mine, "?did=" + q(shared))).isEmpty();
        assertThat(ids(other, "?did=" + q(shared))).isEmpty();
        assertThat(ids(mine, "?decision=UNKNOWN_NUMBER&did=" + q(nobodys))).isEmpty();

        // the admin sees every call, those of no tenant with tenantId null, through the admin API
        JsonNode everyone = admin().get("/api/admin/inbound-calls?caller=" + q(caller)).expect(200).json();
        assertThat(everyone.get("total").asLong()).isEqualTo(3);
        List<String> seen = new ArrayList<>();
        everyone.get("items").forEach(i -> seen.add(i.get("id").asString()));
        assertThat(seen).containsExactly(unknown, ambiguous, own);
        assertThat(everyone.get("items").get(0).get("decision").asString()).isEqualTo("UNKNOWN_NUMBER");
        assertThat(everyone.get("items").get(0).get("tenantId").isNull()).isTrue();
        assertThat(everyone.get("items").get(1).get("decision").asString()).isEqualTo("AMBIGUOUS");
        assertThat(everyone.get("items").get(1).get("tenantId").isNull()).isTrue();
        String mineId = everyone.get("items").get(2).get("tenantId").asString();
        JsonNode ofMine = admin().get("/api/admin/inbound-calls?tenantId=" + mineId).expect(200).json();
        assertThat(ofMine.get("total").asLong()).isEqualTo(1);
        assertThat(ofMine.get("items").get(0).get("id").asString()).isEqualTo(own);
        assertThat(admin().get("/api/admin/inbound-calls?decision=AMBIGUOUS&did=" + q(shared)).expect(200).json()
                .get("total").asLong()).isEqualTo(1);
        assertThat(admin().get("/api/admin/inbound-calls?decision=SOMETIMES").status()).isEqualTo(400);

        // the tenant's list takes a tenant's key, the admin's list the admin token
        assertThat(admin().get("/api/inbound-calls").status()).isEqualTo(401);
        assertThat(mine.get("/api/admin/inbound-calls").status()).isEqualTo(403);
    }
}
