package io.didpool.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The tenant's inbound settings through the API: defaults, the whole replaced, refusals, keys, tenants, audit. */
class InboundSettingsApiTest extends IntegrationTest {

    static final String PATH = "/api/inbound/settings";

    @Autowired
    InboundSettingsService service;

    @Test
    void aTenantThatNeverSetAnyHasTheDefaultsExactly() {
        ApiClient tenant = newTenant();

        ApiClient.Response answer = tenant.get(PATH).expect(200);

        assertThat(answer.body()).isEqualTo("{\"defaultRoute\":null,\"lookbackDays\":7,\"matchAcross\":\"DID\"}");
    }

    @Test
    void aPutIsReadBackAndReplacesTheWholeFieldsLeftOutTakingTheirDefaults() {
        ApiClient tenant = newTenant();

        JsonNode put = tenant.put(PATH, settings("PJSIP/reception", 30, "TENANT")).expect(200).json();

        assertThat(put.propertyNames()).containsExactly("defaultRoute", "lookbackDays", "matchAcross");
        assertThat(put.get("defaultRoute").asString()).isEqualTo("PJSIP/reception");
        assertThat(put.get("lookbackDays").asInt()).isEqualTo(30);
        assertThat(put.get("matchAcross").asString()).isEqualTo("TENANT");
        assertThat(tenant.get(PATH).expect(200).json()).isEqualTo(put);

        tenant.put(PATH, settings("+14155550100", 365, "DID")).expect(200);
        assertThat(tenant.get(PATH).expect(200).body())
                .isEqualTo("{\"defaultRoute\":\"+14155550100\",\"lookbackDays\":365,\"matchAcross\":\"DID\"}");

        // a field left out, or null, takes its default
        tenant.put(PATH, Map.of("lookbackDays", 1)).expect(200);
        assertThat(tenant.get(PATH).expect(200).body())
                .isEqualTo("{\"defaultRoute\":null,\"lookbackDays\":1,\"matchAcross\":\"DID\"}");
        tenant.put(PATH, settings(null, null, null)).expect(200);
        assertThat(tenant.get(PATH).expect(200).body())
                .isEqualTo("{\"defaultRoute\":null,\"lookbackDays\":7,\"matchAcross\":\"DID\"}");
    }

    @Test
    void eachRefusalNamesTheFieldAndTheValueAndChangesNothing() {
        ApiClient tenant = newTenant();
        tenant.put(PATH, settings("PJSIP/reception", 14, "TENANT")).expect(200);
        String before = tenant.get(PATH).expect(200).body();

        Map<String, Object> refusals = new LinkedHashMap<>();
        refusals.put("+14155550100;x", "\"+14155550100;x\"");
        refusals.put("PJSIP/desk\nDial(SIP/x)", "\"PJSIP/desk?Dial(SIP/x)\"");
        refusals.put("Local/x@y", "\"Local/x@y\"");
        refusals.put("PJSIP/", "\"PJSIP/\"");
        refusals.put("4155550100", "\"4155550100\"");
        refusals.put("", "\"\"");
        refusals.put("PJSIP/" + "a".repeat(65), "\"PJSIP/" + "a".repeat(34) + "…\"");
        for (Map.Entry<String, Object> refused : refusals.entrySet()) {
            assertRefused(tenant.put(PATH, settings(refused.getKey(), 7, "DID")), "defaultRoute",
                    "got " + refused.getValue());
        }
        assertRefused(tenant.put(PATH, settings(5, 7, "DID")), "defaultRoute", "got 5");
        assertRefused(tenant.put(PATH, settings(List.of("PJSIP/a"), 7, "DID")), "defaultRoute", "got [\"PJSIP/a\"]");

        for (Object days : List.of(0, 366, -1, "7", 7.5, 4_000_000_000L, true, Map.of("days", 7))) {
            String shown = days instanceof String s ? "\"" + s + "\"" : days instanceof Map<?, ?> ? "{\"days\":7}"
                    : String.valueOf(days);
            assertRefused(tenant.put(PATH, settings(null, days, "DID")), "lookbackDays", "got " + shown);
        }
        for (Object across : List.of("ANY", "did", "", 1)) {
            assertRefused(tenant.put(PATH, settings(null, 7, across)), "matchAcross",
                    "got " + (across instanceof String s ? "\"" + s + "\"" : across));
        }

        ApiClient.Response twice = tenant.put(PATH, "{\"lookbackDays\":7,\"lookbackDays\":8}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("errors").get(0).get("field").asString()).isEqualTo("lookbackDays");
        assertThat(tenant.put(PATH, Map.of("lookBackDays", 7)).status()).as("an unknown field").isEqualTo(400);

        assertThat(tenant.get(PATH).expect(200).body()).as("unchanged").isEqualTo(before);
        assertThat(tenant.get("/api/audit?entity=inbound").expect(200).json().get("total").asLong())
                .as("a refusal records nothing").isEqualTo(1);
    }

    @Test
    void aReadOnlyKeyReadsTheSettingsButCannotChangeThem() {
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "inbound-" + UUID.randomUUID()))
                .expect(201).json();
        ApiClient writer = api().withToken(created.get("apiKey").asString());
        writer.put(PATH, settings("PJSIP/reception", 3, "DID")).expect(200);
        JsonNode key = admin().post("/api/admin/tenants/" + created.get("id").asString() + "/keys",
                Map.of("name", "dashboard", "readOnly", true)).expect(201).json();
        ApiClient reader = api().withToken(key.get("apiKey").asString());

        assertThat(reader.get(PATH).expect(200).json().get("lookbackDays").asInt()).isEqualTo(3);
        assertThat(reader.put(PATH, settings(null, 9, "TENANT")).status()).isEqualTo(403);
        assertThat(writer.get(PATH).expect(200).json().get("lookbackDays").asInt()).isEqualTo(3);
    }

    @Test
    void aTenantSeesAndChangesOnlyItsOwnSettings() {
        ApiClient owner = newTenant();
        ApiClient other = newTenant();
        owner.put(PATH, settings("PJSIP/owner", 30, "TENANT")).expect(200);

        assertThat(other.get(PATH).expect(200).json().get("defaultRoute").isNull()).isTrue();
        other.put(PATH, settings("+14155550100", 2, "DID")).expect(200);

        assertThat(owner.get(PATH).expect(200).json().get("defaultRoute").asString()).isEqualTo("PJSIP/owner");
        assertThat(other.get("/api/audit?entity=inbound").expect(200).json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void everyChangeIsInTheAuditTrailAndAPutOfTheSettingsAsTheyAreIsNoChange() {
        ApiClient tenant = newTenant();
        tenant.put(PATH, settings(null, 7, "DID")).expect(200);
        tenant.put(PATH, settings("PJSIP/reception", 7, "DID")).expect(200);
        tenant.put(PATH, settings("PJSIP/reception", 7, "DID")).expect(200);
        tenant.put(PATH, settings("PJSIP/reception", 30, "TENANT")).expect(200);

        JsonNode items = tenant.get("/api/audit?entity=inbound").expect(200).json().get("items");
        assertThat(items.findValuesAsString("action")).containsExactly("update", "update");
        assertThat(items.get(1).get("entity").asString()).isEqualTo("inbound");
        assertThat(items.get(1).get("before")).isEqualTo(json(
                "{\"defaultRoute\":null,\"lookbackDays\":7,\"matchAcross\":\"DID\"}"));
        assertThat(items.get(1).get("after")).isEqualTo(json(
                "{\"defaultRoute\":\"PJSIP/reception\",\"lookbackDays\":7,\"matchAcross\":\"DID\"}"));
        assertThat(items.get(0).get("before")).isEqualTo(items.get(1).get("after"));
        assertThat(items.get(0).get("after")).isEqualTo(json(
                "{\"defaultRoute\":\"PJSIP/reception\",\"lookbackDays\":30,\"matchAcross\":\"TENANT\"}"));
    }

    /** Inbound routing reads the settings on every call: the defaults, then what was put. */
    @Test
    void theServiceAnswersRoutingWhatTheApiShows() {
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "inbound-" + UUID.randomUUID()))
                .expect(201).json();
        ApiClient tenant = api().withToken(created.get("apiKey").asString());
        TenantId id = new TenantId(UUID.fromString(created.get("id").asString()));

        assertThat(service.settings(id)).isEqualTo(new InboundSettings(null, 7, MatchAcross.DID));
        tenant.put(PATH, settings("PJSIP/reception", 30, "TENANT")).expect(200);
        assertThat(service.settings(id)).isEqualTo(new InboundSettings("PJSIP/reception", 30, MatchAcross.TENANT));
    }

    @Test
    void theDescriptionShowsTheFieldsTypesAndBounds() {
        JsonNode properties = api().get("/v3/api-docs").expect(200).json().get("components").get("schemas")
                .get("InboundSettingsRequest").get("properties");
        assertThat(properties.get("lookbackDays").get("type").toString()).contains("integer");
        assertThat(properties.get("lookbackDays").get("minimum").asInt()).isEqualTo(1);
        assertThat(properties.get("lookbackDays").get("maximum").asInt()).isEqualTo(365);
        assertThat(properties.get("defaultRoute").get("type").toString()).contains("string");
        assertThat(properties.get("lookbackDays").get("default").asInt()).isEqualTo(7);
        assertThat(properties.get("defaultRoute").get("pattern").asString()).isEqualTo(DidRules.ROUTE);
        assertThat(properties.get("matchAcross").get("enum").valueStream().map(JsonNode::asString))
                .containsExactly("DID", "TENANT");
    }

    private static void assertRefused(ApiClient.Response response, String field, String value) {
        assertThat(response.status()).as(field + " " + value).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(response.json().get("detail").asString()).as(field).startsWith(field + ": ").endsWith(value);
    }

    private static Map<String, Object> settings(Object defaultRoute, Object lookbackDays, Object matchAcross) {
        Map<String, Object> body = new HashMap<>();
        body.put("defaultRoute", defaultRoute);
        body.put("lookbackDays", lookbackDays);
        body.put("matchAcross", matchAcross);
        return body;
    }

    private static JsonNode json(String text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
    }
}
