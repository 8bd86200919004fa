package io.didpool.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Coverage: a tenant's DIDs counted by area code and state (selectable, resting, at a cap, calls), and a campaign's or
 * a list's destinations set against the local DIDs of a segment and its fallbacks, with the gaps.
 */
class CoverageApiTest extends IntegrationTest {

    private static final String COVERAGE = "/api/asterisk-dids/coverage";
    private static final String CONTACTS = COVERAGE + "/contacts";

    private ApiClient tenant;
    private ApiClient other;

    @BeforeEach
    void inventory() {
        tenant = newTenant();
        tenant.createDid("+12125550100", "east");
        String resting = tenant.createDid("+12125550101", "east").get("id").asString();
        String capped = tenant.createDid("+12125550102", "east").get("id").asString();
        tenant.post("/api/asterisk-dids", Map.of("number", "+17185550103", "segment", "east", "status", "inactive"))
                .expect(201);
        tenant.createDid("+14155550104", "east");
        tenant.createDid("+14155550105", "east");
        tenant.createDid("+13035550106", "west");
        tenant.createDid("+442071234567", "east");
        tenant.put("/api/asterisk-dids/" + resting, Map.of("restingUntil", "2099-01-01T00:00:00Z")).expect(200);
        tenant.put("/api/asterisk-dids/segments/east/policy", Map.of("maxCallsPerHour", 1)).expect(200);
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", capped)).expect(200);
        other = newTenant();
        other.createDid("+12125550199", "east");
        other.createDid("+16175550198", "east");
    }

    @Test
    void countsEachAreaCodesDidsSelectableRestingAndCappedAsTheDidsThemselvesShowThem() {
        JsonNode report = tenant.get(COVERAGE + "?segment=east").expect(200).json();

        assertThat(report.get("by").asString()).isEqualTo("areaCode");
        assertThat(keys(report)).containsExactly("212", "415", "718", null);
        JsonNode ny = row(report, "212");
        assertThat(ny.get("dids").asLong()).isEqualTo(3);
        assertThat(ny.get("selectable").asLong()).isEqualTo(2);
        assertThat(ny.get("resting").asLong()).isEqualTo(1);
        assertThat(ny.get("cappedNow").asLong()).isEqualTo(1);
        assertThat(ny.get("callsLastDay").asLong()).isEqualTo(1);
        assertThat(ny.get("answerRate").isNull()).isTrue();
        JsonNode queens = row(report, "718");
        assertThat(List.of(queens.get("dids").asLong(), queens.get("selectable").asLong(),
                queens.get("resting").asLong(), queens.get("cappedNow").asLong())).containsExactly(1L, 0L, 0L, 0L);
        assertThat(row(report, "415").get("selectable").asLong()).isEqualTo(2);
        assertThat(row(report, null).get("dids").asLong()).isEqualTo(1);
        // the same numbers as the DIDs' own JSON
        JsonNode dids = tenant.get("/api/asterisk-dids?areaCode=212&segment=east").expect(200).json().get("items");
        assertThat(dids.valueStream().filter(d -> d.get("selectable").asBoolean()).count())
                .isEqualTo(ny.get("selectable").asLong());
        assertThat(dids.valueStream().mapToLong(d -> d.get("callsLastDay").asLong()).sum())
                .isEqualTo(ny.get("callsLastDay").asLong());

        // no segment: all the tenant's DIDs, and never another tenant's
        JsonNode byState = tenant.get(COVERAGE + "?by=region").expect(200).json();
        assertThat(byState.get("by").asString()).isEqualTo("region");
        assertThat(keys(byState)).containsExactly("CA", "CO", "NY", null);
        assertThat(row(byState, "NY").get("dids").asLong()).isEqualTo(4);
        assertThat(row(byState, "CO").get("selectable").asLong()).isEqualTo(1);
        assertThat(keys(other.get(COVERAGE).expect(200).json())).containsExactly("212", "617");
        assertThat(row(other.get(COVERAGE).expect(200).json(), "212").get("dids").asLong()).isEqualTo(1);
        assertThat(tenant.get(COVERAGE + "?segment=nowhere").expect(200).json().get("rows")).isEmpty();
    }

    @Test
    void aCampaignsDestinationsAreSetAgainstTheLocalDidsOfTheSegmentAndItsFallbacksWithTheGaps() {
        // its calls find no DID (a declared, empty segment): they leave the counts alone
        tenant.put("/api/asterisk-dids/segments/nowhere", Map.of("description", "empty")).expect(200);
        String journey = tenant.post("/api/journeys", Map.of("name", "calls", "nodes", List.of(Map.of("type",
                "MAKE_CALL", "config", Map.of("didSegment", "nowhere"))))).expect(201).json().get("id").asString();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "november",
                "contacts", List.of(contact("+12125551000"), contact("+12125551001"), contact("+12125551001"),
                        contact("+13035551002"), contact("+16175551003"), contact("+16175551004"),
                        contact("+14155551005"), contact("+14155551006"), contact("+14155551007"),
                        contact("+442071234000"))))
                .expect(201).json().get("id").asString();

        JsonNode alone = tenant.post(CONTACTS, Map.of("segment", "east", "campaignId", campaign)).expect(200).json();

        assertThat(alone.get("by").asString()).isEqualTo("areaCode");
        assertThat(alone.get("contacts").asLong()).isEqualTo(9);
        assertThat(alone.get("unplaced").asLong()).isEqualTo(1);
        assertThat(keys(alone)).containsExactly("212", "303", "415", "617");
        JsonNode ny = row(alone, "212");
        // the resting DID is not local now; the capped one is (its cap ends by itself)
        assertThat(ny.get("destinations").asLong()).isEqualTo(2);
        assertThat(ny.get("localDids").asLong()).isEqualTo(2);
        assertThat(ny.get("callsPerLocalDid").decimalValue()).isEqualByComparingTo("1");
        assertThat(row(alone, "415").get("callsPerLocalDid").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(row(alone, "303").get("localDids").asLong()).isZero();
        assertThat(row(alone, "303").get("callsPerLocalDid").isNull()).isTrue();
        assertThat(strings(alone.get("gaps"))).containsExactly("303", "617");

        JsonNode withFallback = tenant.post(CONTACTS, Map.of("segment", "east", "fallbackSegments", List.of("west"),
                "campaignId", campaign)).expect(200).json();
        assertThat(row(withFallback, "303").get("localDids").asLong()).isEqualTo(1);
        assertThat(strings(withFallback.get("gaps"))).containsExactly("617");

        JsonNode byState = tenant.post(CONTACTS + "?by=region", Map.of("campaignId", campaign)).expect(200).json();
        assertThat(keys(byState)).containsExactly("CA", "CO", "MA", "NY");
        assertThat(row(byState, "NY").get("localDids").asLong()).isEqualTo(2);
        assertThat(strings(byState.get("gaps"))).containsExactly("MA");

        // another tenant's campaign does not resolve; that tenant's own DIDs cover 617
        assertThat(other.post(CONTACTS, Map.of("campaignId", campaign)).status()).isEqualTo(422);
    }

    @Test
    void contactsGivenInTheRequestAreCountedOnceEachAndCheckedLikeACampaigns() {
        JsonNode listed = tenant.post(CONTACTS, Map.of("segment", "west", "contacts", List.of(
                contact("+13035551002"), contact("+13035551002"), contact("+12125551000")))).expect(200).json();

        assertThat(listed.get("contacts").asLong()).isEqualTo(2);
        assertThat(row(listed, "303").get("destinations").asLong()).isEqualTo(1);
        assertThat(row(listed, "303").get("localDids").asLong()).isEqualTo(1);
        assertThat(strings(listed.get("gaps"))).containsExactly("212");

        assertThat(tenant.post(CONTACTS, Map.of("contacts", List.of(contact("+12125551000"), contact("212-555"))))
                .expect(400).json().get("detail").asString()).contains("contacts[1].phoneNumber");
        assertThat(tenant.post(CONTACTS, Map.of("segment", "east")).expect(400).json().get("detail").asString())
                .contains("campaignId, contacts: give one of them");
        assertThat(tenant.post(CONTACTS, Map.of("fallbackSegments", List.of("west"), "contacts", List.of()))
                .expect(400).json().get("detail").asString()).contains("fallbackSegments");
    }

    @Test
    void takesAHundredThousandContactsInOneRequest() {
        List<Map<String, Object>> contacts = new java.util.ArrayList<>();
        for (int i = 0; i < CoverageController.MAX_CONTACTS; i++) {
            contacts.add(contact("+1" + (i % 2 == 0 ? "212" : "617") + String.format("%07d", i)));
        }

        JsonNode all = tenant.post(CONTACTS, Map.of("segment", "east", "contacts", contacts)).expect(200).json();

        assertThat(all.get("contacts").asLong()).isEqualTo(100_000);
        assertThat(row(all, "212").get("callsPerLocalDid").decimalValue()).isEqualByComparingTo("25000");
        assertThat(strings(all.get("gaps"))).containsExactly("617");
    }

    @Test
    void anUnknownByIsRefusedNamingItAndQuotingTheValue() {
        for (ApiClient.Response refused : List.of(tenant.get(COVERAGE + "?by=state"),
                tenant.post(CONTACTS + "?by=state", Map.of("contacts", List.of(contact("+12125551000")))))) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).isEqualTo(
                    "by: must be areaCode or region; got \"state\"");
        }
        assertThat(tenant.get(COVERAGE + "?segment=Bad").status()).isEqualTo(400);
        assertThat(tenant.get(COVERAGE + "?sgement=east").status()).isEqualTo(400);
    }

    private static Map<String, Object> contact(String number) {
        Map<String, Object> contact = new HashMap<>();
        contact.put("phoneNumber", number);
        return contact;
    }

    private static List<String> keys(JsonNode report) {
        return report.get("rows").valueStream().map(r -> r.get("key").isNull() ? null : r.get("key").asString())
                .toList();
    }

    private static JsonNode row(JsonNode report, String key) {
        return report.get("rows").valueStream().filter(r -> key == null ? r.get("key").isNull()
                : key.equals(r.get("key").asString())).findFirst().orElseThrow();
    }

    private static List<String> strings(JsonNode list) {
        return list.valueStream().map(JsonNode::asString).toList();
    }
}
