package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * A JSON body is taken exactly as sent or refused naming the field: a key given twice is not "the last one wins", and
 * a scalar of another kind than declared is not converted.
 */
class StrictJsonTest extends IntegrationTest {

    private static final String POLICY = "/api/asterisk-dids/segments/twilio-main/policy";

    private ApiClient tenant;
    private String didId;

    @BeforeEach
    void aTenantWithADid() {
        tenant = newTenant();
        didId = tenant.createDid("+14155550100", "twilio-main").get("id").asString();
    }

    @Test
    void aCampaignContactWithItsPhoneNumberTwiceIsRefusedNamingTheKeyAndNothingIsQueued() {
        String journey = tenant.post("/api/journeys", Map.of("name", "renewal", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "twilio-main"))))).expect(201)
                .json().get("id").asString();

        ApiClient.Response response = tenant.post("/api/campaigns", "{\"journeyId\":\"" + journey + "\","
                + "\"name\":\"november\",\"contacts\":[{\"phoneNumber\":\"+16465550002\"},"
                + "{\"phoneNumber\":\"+16465550001\",\"phoneNumber\":\"+1900\"}]}");

        assertInvalid(response, "contacts[1].phoneNumber", "is given twice in one object; a key may appear once");
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("total").asLong()).isZero();
        assertThat(tenant.get("/api/journeys/" + journey + "/executions").expect(200).json().get("total").asLong())
                .isZero();
    }

    @Test
    void aKeyTwiceIsRefusedAtTheTopOfABodyInsideAnObjectAndInABodyReadAsAMap() {
        ApiClient admin = admin();
        assertInvalid(admin.post("/api/admin/tenants",
                "{\"name\":\"strict-json-first\",\"name\":\"strict-json-second\"}"), "name",
                "is given twice in one object; a key may appear once");
        assertThat(admin.get("/api/admin/tenants").expect(200).body()).doesNotContain("strict-json-");

        assertInvalid(tenant.post("/api/asterisk-dids/bulk",
                "{\"filter\":{\"segment\":\"twilio-main\",\"segment\":\"other\"},\"set\":{\"segment\":\"x\"}}"),
                "filter.segment", "is given twice in one object; a key may appear once");
        // a DID update is read as a map of the fields given: the parser refuses the second key before any map
        assertInvalid(tenant.put("/api/asterisk-dids/" + didId,
                "{\"segment\":\"twilio-backup\",\"segment\":null}"), "segment",
                "is given twice in one object; a key may appear once");
        assertThat(tenant.get("/api/asterisk-dids/" + didId).expect(200).json().get("segment").asString())
                .isEqualTo("twilio-main");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"maxCallsPerHour":"20"}    | maxCallsPerHour | must be a JSON number without a fraction
            {"maxCallsPerHour":20.7}    | maxCallsPerHour | must be a JSON number without a fraction
            {"maxCallsPerHour":20.0}    | maxCallsPerHour | must be a JSON number without a fraction
            {"maxCallsPerHour":""}      | maxCallsPerHour | must be a JSON number without a fraction
            {"maxCallsPerHour":true}    | maxCallsPerHour | must be a JSON number without a fraction
            {"stickyDays":"7"}          | stickyDays      | must be a JSON number without a fraction
            {"localPresence":"true"}    | localPresence   | must be true or false
            {"localPresence":1}         | localPresence   | must be true or false
            {"localPresence":0.0}       | localPresence   | must be true or false
            {"restBelowAnswerRate":"0.15"} | restBelowAnswerRate | must be a JSON number
            {"restBelowAnswerRate":false}  | restBelowAnswerRate | must be a JSON number
            """)
    void aSegmentPolicyValueOfAnotherKindIsRefusedNamingTheFieldAndChangesNothing(String body, String field,
            String message) {
        assertInvalid(tenant.put(POLICY, body), field, message);

        JsonNode policy = tenant.get(POLICY).expect(200).json();
        assertThat(policy.get("localPresence").asBoolean()).isFalse();
        assertThat(policy.get("maxCallsPerHour").isNull()).isTrue();
    }

    @Test
    void aBulkDryRunSentAsAStringIsRefusedAndPerformsNoChange() {
        for (String dryRun : List.of("\"false\"", "\"true\"", "0", "1")) {
            ApiClient.Response response = tenant.post("/api/asterisk-dids/bulk", "{\"filter\":{},"
                    + "\"set\":{\"segment\":\"moved\"},\"dryRun\":" + dryRun + "}");

            assertInvalid(response, "dryRun", "must be true or false");
        }
        assertThat(tenant.get("/api/asterisk-dids/" + didId).expect(200).json().get("segment").asString())
                .isEqualTo("twilio-main");
        assertThat(tenant.get("/api/audit").expect(200).json().get("items").valueStream()
                .noneMatch(entry -> entry.get("action").asString().contains("bulk"))).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /api/admin/tenants | {"name":42} | name | must be a JSON string
            POST | /api/asterisk-dids | {"number":14155550199} | number | must be a JSON string
            POST | /api/asterisk-dids/allocate | {"segment":true} | segment | must be a JSON string
            PUT  | /api/admin/trunks/STRICT | {"callsPerSecond":"5"} | callsPerSecond | must be a JSON number
            PUT  | /api/admin/trunks/STRICT | {"maxConcurrentCalls":3.5} | maxConcurrentCalls | must be a JSON number without a fraction
            POST | /api/asterisk-dids/import/twilio | {"dryRun":"true"} | dryRun | must be true or false
            POST | /api/asterisk-dids/bulk | {"filter":{"neverUsed":"false"},"set":{}} | filter.neverUsed | must be true or false
            """)
    void aScalarOfAnotherKindIsRefusedInEveryBody(String method, String path, String body, String field,
            String message) {
        ApiClient client = path.startsWith("/api/admin/") ? admin() : tenant;

        assertInvalid(client.send(method, path, body), field, message);
    }

    /** Jackson reads "NaN" and "Infinity" as doubles whatever the coercion rules; the trunk's range refuses them. */
    @Test
    void notANumberOrInfinityAsAStringIsRefusedNamingTheField() {
        for (String value : List.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"")) {
            ApiClient.Response response = admin().put("/api/admin/trunks/STRICT", "{\"callsPerSecond\":" + value + "}");

            assertThat(response.status()).as(value).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("callsPerSecond");
        }
    }

    @Test
    void aNumberTooLargeForItsFieldIsRefusedNamingTheField() {
        assertInvalid(tenant.put(POLICY, "{\"maxCallsPerHour\":99999999999}"), "maxCallsPerHour", "is out of range");
    }

    @Test
    void nullsWholeNumbersForFractionsAndQueryParametersAreTakenAsBefore() {
        // null still means "not given" / "no cap"; 1 is how JSON writes 1.0
        JsonNode policy = tenant.put(POLICY, "{\"localPresence\":true,\"maxCallsPerHour\":null,"
                + "\"maxCallsPerDay\":100,\"restBelowAnswerRate\":1,\"stickyDays\":null}").expect(200).json();
        assertThat(policy.get("localPresence").asBoolean()).isTrue();
        assertThat(policy.get("maxCallsPerHour").isNull()).isTrue();
        assertThat(policy.get("maxCallsPerDay").asInt()).isEqualTo(100);
        assertThat(policy.get("restBelowAnswerRate").decimalValue()).isEqualByComparingTo("1");
        admin().put("/api/admin/trunks/STRICT", "{\"callsPerSecond\":5,\"maxConcurrentCalls\":null}").expect(200);
        tenant.put("/api/asterisk-dids/" + didId, "{\"friendlyName\":null,\"restingUntil\":null}").expect(200);

        // query parameters are Spring's conversions, not JSON: "true" and "0" stay what they were
        assertThat(tenant.get("/api/asterisk-dids?neverUsed=true&page=0&size=10").expect(200).json().get("total")
                .asLong()).isEqualTo(1);
        tenant.send("POST", "/api/asterisk-dids/import/csv?dryRun=true", "text/csv",
                "number,segment\n+14155550101,twilio-main\n").expect(200);
        assertThat(tenant.get("/api/asterisk-dids").expect(200).json().get("total").asLong()).isEqualTo(1);

        // the application's own JSON (audit before/after, journey nodes) reads back as written
        tenant.createDid("+14155550102", "backup");
        tenant.post("/api/asterisk-dids/bulk", "{\"filter\":{\"segment\":\"twilio-main\"},"
                + "\"set\":{\"segment\":\"moved\"},\"dryRun\":false}").expect(200);
        JsonNode entry = tenant.get("/api/audit").expect(200).json().get("items").get(0);
        assertThat(entry.get("after").toString()).contains("moved");
        String journey = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(Map.of("type",
                "MAKE_CALL", "config", Map.of("didSegment", "moved", "fallbackSegments", List.of("backup"))))))
                .expect(201).json().get("id").asString();
        assertThat(tenant.get("/api/journeys/" + journey).expect(200).json().get("nodes").get(0).get("config")
                .get("fallbackSegments").get(0).asString()).isEqualTo("backup");
    }

    private static void assertInvalid(ApiClient.Response response, String field, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        // the message, and the value refused when Jackson says it
        String echoed = "( \\(got [^)]+\\))?";
        assertThat(problem.get("detail").asString()).matches(java.util.regex.Pattern.quote(field + ": " + message)
                + echoed);
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(problem.get("errors").get(0).get("message").asString()).matches(
                java.util.regex.Pattern.quote(message) + echoed);
    }
}
