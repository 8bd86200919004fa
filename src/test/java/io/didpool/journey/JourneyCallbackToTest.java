package io.didpool.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A journey's callback route: set on create and update, shown everywhere, refused when no route, audited, read. */
class JourneyCallbackToTest extends IntegrationTest {

    @Autowired
    JourneyService journeys;

    @Test
    void theRouteIsSavedShownInEveryAnswerAndReplacedWithTheJourney() {
        ApiClient tenant = newTenant();

        JsonNode created = tenant.post("/api/journeys", journey("renewal", "PJSIP/reception")).expect(201).json();
        String id = created.get("id").asString();
        assertThat(created.get("callbackTo").asString()).isEqualTo("PJSIP/reception");
        assertThat(tenant.get("/api/journeys/" + id).expect(200).json().get("callbackTo").asString())
                .isEqualTo("PJSIP/reception");
        assertThat(tenant.get("/api/journeys").expect(200).json().get("items").get(0).get("callbackTo").asString())
                .isEqualTo("PJSIP/reception");

        JsonNode updated = tenant.put("/api/journeys/" + id, journey("renewal", "+14155550100")).expect(200).json();
        assertThat(updated.get("callbackTo").asString()).isEqualTo("+14155550100");
        // a journey read with GET can be sent back as it is
        tenant.put("/api/journeys/" + id, updated).expect(200);
        assertThat(tenant.get("/api/journeys/" + id).expect(200).json().get("callbackTo").asString())
                .isEqualTo("+14155550100");

        // a PUT replaces the whole journey: the route left out is none
        JsonNode cleared = tenant.put("/api/journeys/" + id, Map.of("name", "renewal")).expect(200).json();
        assertThat(cleared.get("callbackTo").isNull()).isTrue();
        JsonNode none = tenant.post("/api/journeys", Map.of("name", "plain")).expect(201).json();
        assertThat(none.has("callbackTo")).isTrue();
        assertThat(none.get("callbackTo").isNull()).isTrue();
    }

    @Test
    void aValueThatIsNoRouteIsRefusedNamingTheFieldAndTheValueAndNothingIsSaved() {
        ApiClient tenant = newTenant();
        String id = tenant.post("/api/journeys", journey("renewal", "PJSIP/reception")).expect(201).json()
                .get("id").asString();

        for (String refused : List.of("+14155550100;x", "PJSIP/desk\nDial(SIP/x)", "Local/x@y", "SIP/desk",
                "4155550100", "", "PJSIP/a b")) {
            String shown = "\"" + refused.replace('\n', '?') + "\"";
            assertRefused(tenant.post("/api/journeys", journey("new", refused)), shown);
            assertRefused(tenant.put("/api/journeys/" + id, journey("changed", refused)), shown);
        }
        ApiClient.Response number = tenant.post("/api/journeys", Map.of("name", "n", "callbackTo", 14155550100L));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().get("errors").get(0).get("field").asString()).isEqualTo("callbackTo");

        assertThat(tenant.get("/api/journeys").expect(200).json().get("total").asLong()).isEqualTo(1);
        JsonNode kept = tenant.get("/api/journeys/" + id).expect(200).json();
        assertThat(kept.get("name").asString()).isEqualTo("renewal");
        assertThat(kept.get("callbackTo").asString()).isEqualTo("PJSIP/reception");
    }

    @Test
    void theAuditEntriesShowTheRouteBeforeAndAfter() {
        ApiClient tenant = newTenant();
        String id = tenant.post("/api/journeys", journey("renewal", "PJSIP/reception")).expect(201).json()
                .get("id").asString();
        tenant.put("/api/journeys/" + id, journey("renewal", "+14155550100")).expect(200);

        JsonNode items = tenant.get("/api/audit?entity=journey&id=" + id).expect(200).json().get("items");
        assertThat(items.findValuesAsString("action")).containsExactly("update", "create");
        assertThat(items.get(1).get("after").get("callbackTo").asString()).isEqualTo("PJSIP/reception");
        assertThat(items.get(0).get("before").get("callbackTo").asString()).isEqualTo("PJSIP/reception");
        assertThat(items.get(0).get("after").get("callbackTo").asString()).isEqualTo("+14155550100");
    }

    /** What inbound routing reads: the journey's own route, none for another tenant or a deleted journey. */
    @Test
    void routingReadsTheRouteOfTheTenantsJourneyAndNothingOnceItIsGone() {
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "callback-" + UUID.randomUUID()))
                .expect(201).json();
        ApiClient tenant = api().withToken(created.get("apiKey").asString());
        TenantId owner = new TenantId(UUID.fromString(created.get("id").asString()));
        UUID id = UUID.fromString(tenant.post("/api/journeys", journey("renewal", "PJSIP/reception")).expect(201)
                .json().get("id").asString());
        UUID plain = UUID.fromString(tenant.post("/api/journeys", Map.of("name", "plain")).expect(201).json()
                .get("id").asString());

        assertThat(journeys.callbackTo(owner, id)).contains("PJSIP/reception");
        assertThat(journeys.callbackTo(owner, plain)).isEmpty();
        assertThat(journeys.callbackTo(new TenantId(UUID.randomUUID()), id)).as("another tenant").isEmpty();
        assertThat(journeys.callbackTo(owner, UUID.randomUUID())).isEqualTo(Optional.empty());

        tenant.delete("/api/journeys/" + id).expect(204);
        assertThat(journeys.callbackTo(owner, id)).isEmpty();
    }

    private static void assertRefused(ApiClient.Response response, String shownValue) {
        assertThat(response.status()).as(shownValue).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("callbackTo");
        assertThat(response.json().get("detail").asString()).as(shownValue).startsWith("callbackTo: ")
                .endsWith("got " + shownValue);
    }

    private static Map<String, Object> journey(String name, String callbackTo) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("callbackTo", callbackTo);
        return body;
    }
}
