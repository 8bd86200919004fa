package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class DidInputValidationTest extends IntegrationTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "number, 4155550100",
            "number, +0415555010",
            "number, +1415555010012345",
            "number, '+1415 5550100'",
            "segment, Twilio-Main",
            "segment, -main",
            "segment, 'main\nx'",
            "trunk, 'PJSIP/x'",
            "trunk, 'a,b'",
            "status, enabled"})
    void rejectsCreateWithFieldOutsideItsPattern(String field, String value) {
        ApiClient tenant = newTenant();
        Map<String, Object> body = new java.util.HashMap<>(Map.of("number", "+14155550100"));
        body.put(field, value);
        assertBadField(tenant.post("/api/asterisk-dids", body), field);
        assertThat(tenant.get("/api/asterisk-dids").expect(200).json().get("total").asLong()).isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"segment, 'has space'", "trunk, 'x;y'", "status, deleted"})
    void rejectsUpdateWithFieldOutsideItsPattern(String field, String value) {
        ApiClient tenant = newTenant();
        String id = DidApiTest.create(tenant, "+14155550100", "twilio-main").get("id").asString();
        assertBadField(tenant.put("/api/asterisk-dids/" + id, Map.of(field, value)), field);
        assertThat(tenant.get("/api/asterisk-dids/" + id).json().get("segment").asString()).isEqualTo("twilio-main");
    }

    @Test
    void rejectsAFriendlyNameWithANulOrOtherControlCharacterOnCreateAndUpdate() {
        ApiClient tenant = newTenant();
        assertBadField(tenant.post("/api/asterisk-dids", Map.of("number", "+14155550100", "friendlyName", "a\u0000b")),
                "friendlyName");
        String id = DidApiTest.create(tenant, "+14155550101", "a").get("id").asString();
        assertBadField(tenant.put("/api/asterisk-dids/" + id, Map.of("friendlyName", "a\u0000b")), "friendlyName");
        assertBadField(tenant.put("/api/asterisk-dids/" + id, Map.of("friendlyName", "a\u001b[31mred")), "friendlyName");
        tenant.put("/api/asterisk-dids/" + id, Map.of("friendlyName", "(415) 555-0101 ☎")).expect(200);
    }

    @Test
    void rejectsMissingNumber() {
        assertBadField(newTenant().post("/api/asterisk-dids", Map.of("segment", "x")), "number");
    }

    @Test
    void rejectsMalformedJson() {
        ApiClient.Response response = newTenant().post("/api/asterisk-dids", "{\"number\": \"+1415");
        assertProblem(response, 400);
        assertThat(response.json().get("detail").asString()).contains("JSON");
    }

    @Test
    void rejectsWrongJsonTypeNamingTheField() {
        assertBadField(newTenant().post("/api/asterisk-dids", "{\"number\": [1,2]}"), "number");
    }

    @Test
    void rejectsPageSizeOver500() {
        assertBadField(newTenant().get("/api/asterisk-dids?size=501"), "size");
        newTenant().get("/api/asterisk-dids?size=500").expect(200);
    }

    @Test
    void rejectsUnknownStatusFilter() {
        assertBadField(newTenant().get("/api/asterisk-dids?status=bogus"), "status");
    }

    @Test
    void rejectsNonUuidId() {
        assertBadField(newTenant().get("/api/asterisk-dids/not-a-uuid"), "id");
    }

    @Test
    void answersDuplicateNumberInTenantWith409() {
        ApiClient tenant = newTenant();
        DidApiTest.create(tenant, "+14155550100", "a");
        ApiClient.Response duplicate = tenant.post("/api/asterisk-dids", Map.of("number", "+14155550100"));
        assertProblem(duplicate, 409);
        assertThat(duplicate.json().get("detail").asString()).contains("+14155550100");
        // the same number in another tenant is fine
        DidApiTest.create(newTenant(), "+14155550100", "a");
    }

    @Test
    void refusesToClearStatusOrTrunk() {
        ApiClient tenant = newTenant();
        String id = DidApiTest.create(tenant, "+14155550100", "a").get("id").asString();
        assertProblem(tenant.put("/api/asterisk-dids/" + id, "{\"status\":null}"), 400);
        assertProblem(tenant.put("/api/asterisk-dids/" + id, "{\"usageCount\":0}"), 400);
    }

    @Test
    void everyValidationMessageEchoesTheValueItRefusedAndARangeSaysOnlyItsRange() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "main");
        String policy = "/api/asterisk-dids/segments/main/policy";

        JsonNode rate = tenant.put(policy, Map.of("restBelowAnswerRate", 15)).expect(400).json();
        assertThat(rate.get("detail").asString()).isEqualTo("restBelowAnswerRate: is out of range: must be above 0"
                + " and at most 1 (a share of calls answered), or null (got 15)");
        assertThat(tenant.put(policy, Map.of("restBelowAnswerRate", 0.1234)).expect(400).json().get("detail")
                .asString()).isEqualTo("restBelowAnswerRate: must have at most 3 decimals (got 0.1234)");
        assertThat(tenant.put(policy, Map.of("maxCallsPerHour", 0)).expect(400).json().get("detail").asString())
                .isEqualTo("maxCallsPerHour: must be at least 1, or null for no cap (got 0)");
        // a body's text, a query parameter, an element of a list parameter, a path variable
        assertThat(tenant.post("/api/asterisk-dids", Map.of("number", "+14155550101", "segment", "Twilio-Main"))
                .expect(400).json().get("detail").asString()).endsWith("(got \"Twilio-Main\")");
        assertThat(tenant.get("/api/asterisk-dids/usage/histogram?buckets=0").expect(400).json().get("detail")
                .asString()).endsWith("(got 0)");
        assertThat(tenant.get("/api/asterisk-dids/next-available-by-segment?segment=main&fallbackSegments=Bad")
                .expect(400).json().get("detail").asString()).endsWith("(got \"Bad\")");
        assertThat(tenant.get("/api/asterisk-dids/segments/Main/policy").expect(400).json().get("detail")
                .asString()).endsWith("(got \"Main\")");
        assertThat(tenant.get("/api/asterisk-dids?sort=size").expect(400).json().get("detail").asString())
                .endsWith("got \"size\"");
        // a secret is never echoed
        assertThat(tenant.put("/api/twilio/credentials", Map.of("accountSid", "AC" + "0".repeat(32),
                "authToken", "not-a-token-but-secret")).expect(400).body()).doesNotContain("not-a-token-but-secret");
    }

    private static void assertBadField(ApiClient.Response response, String field) {
        assertProblem(response, 400);
        JsonNode problem = response.json();
        assertThat(problem.get("detail").asString()).contains(field);
    }

    private static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception", "at io.", "SQL", "SELECT");
    }
}
