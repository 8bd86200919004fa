package io.didpool.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A campaign's callback route: set at creation, shown in every answer, refused when no route, read by routing. */
class CampaignCallbackToTest extends IntegrationTest {

    @Autowired
    CampaignService campaigns;

    @Test
    void theRouteSetAtCreationIsShownInEveryAnswer() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant);

        JsonNode created = tenant.post("/api/campaigns", campaign(journey, "PJSIP/sales")).expect(201).json();
        String id = created.get("id").asString();

        assertThat(created.get("callbackTo").asString()).isEqualTo("PJSIP/sales");
        assertThat(tenant.get("/api/campaigns/" + id).expect(200).json().get("callbackTo").asString())
                .isEqualTo("PJSIP/sales");
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("items").get(0).get("callbackTo").asString())
                .isEqualTo("PJSIP/sales");

        JsonNode none = tenant.post("/api/campaigns", campaign(journey, null)).expect(201).json();
        assertThat(none.has("callbackTo")).isTrue();
        assertThat(none.get("callbackTo").isNull()).isTrue();
        JsonNode number = tenant.post("/api/campaigns", campaign(journey, "+14155550100")).expect(201).json();
        assertThat(number.get("callbackTo").asString()).isEqualTo("+14155550100");
    }

    @Test
    void aValueThatIsNoRouteIsRefusedNamingTheFieldAndTheValueAndNothingIsQueued() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant);

        for (String refused : List.of("+14155550100;x", "PJSIP/desk\nDial(SIP/x)", "Local/x@y", "PJSIP/", "")) {
            ApiClient.Response response = tenant.post("/api/campaigns", campaign(journey, refused));
            String shown = "\"" + refused.replace('\n', '?') + "\"";
            assertThat(response.status()).as(shown).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("callbackTo");
            assertThat(response.json().get("detail").asString()).as(shown).startsWith("callbackTo: ")
                    .endsWith("got " + shown);
        }

        assertThat(tenant.get("/api/campaigns").expect(200).json().get("total").asLong()).isZero();
        assertThat(tenant.get("/api/journeys/" + journey + "/executions").expect(200).json().get("total").asLong())
                .isZero();
    }

    /** What inbound routing reads: the campaign's own route; none for another tenant or an unknown campaign. */
    @Test
    void routingReadsTheRouteOfTheTenantsCampaign() {
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "callback-" + UUID.randomUUID()))
                .expect(201).json();
        ApiClient tenant = api().withToken(created.get("apiKey").asString());
        TenantId owner = new TenantId(UUID.fromString(created.get("id").asString()));
        String journey = journey(tenant);
        UUID routed = UUID.fromString(tenant.post("/api/campaigns", campaign(journey, "PJSIP/sales")).expect(201)
                .json().get("id").asString());
        UUID plain = UUID.fromString(tenant.post("/api/campaigns", campaign(journey, null)).expect(201).json()
                .get("id").asString());

        assertThat(campaigns.callbackTo(owner, routed)).contains("PJSIP/sales");
        assertThat(campaigns.callbackTo(owner, plain)).isEmpty();
        assertThat(campaigns.callbackTo(new TenantId(UUID.randomUUID()), routed)).as("another tenant").isEmpty();
        assertThat(campaigns.callbackTo(owner, UUID.randomUUID())).isEmpty();
    }

    private static Map<String, Object> campaign(String journey, String callbackTo) {
        Map<String, Object> body = new HashMap<>();
        body.put("journeyId", journey);
        body.put("name", "renewals");
        body.put("contacts", List.of(Map.of("phoneNumber", "+14155550001")));
        body.put("callbackTo", callbackTo);
        return body;
    }

    private static String journey(ApiClient tenant) {
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155559000", "segment", "outbound")).expect(201);
        return tenant.post("/api/journeys", Map.of("name", "campaign journey", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "outbound"))))).expect(201).json().get("id")
                .asString();
    }
}
