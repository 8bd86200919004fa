package io.didpool.callinghours;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A tenant's calling hours through the API: the shipped default, replacing, validation, tenants and the audit. */
class CallingHoursApiTest extends IntegrationTest {

    static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    /** Weekdays 09:00 to the end of the day, Saturday 10:00–14:00, Sunday left out; Texas its own; two dates. */
    static final String HOURS = """
            {"timeZoneUnknown":"REFUSE",
             "days":{"MON":{"start":"09:00","end":"24:00"},"TUE":{"start":"09:00","end":"24:00"},
                     "WED":{"start":"09:00","end":"24:00"},"THU":{"start":"09:00","end":"24:00"},
                     "FRI":{"start":"09:00","end":"24:00"},"SAT":{"start":"10:00","end":"14:00"}},
             "regions":{"TX":{"days":{"MON":{"start":"10:00","end":"17:30"},"SUN":null}}},
             "closedDates":["2027-12-25","2027-01-01"]}""";

    @Test
    void aFreshTenantHasTheShippedDefault() {
        JsonNode hours = newTenant().get("/api/calling-hours").expect(200).json();

        assertThat(hours.get("timeZoneUnknown").asString()).isEqualTo("STRICTEST");
        assertThat(hours.get("days").propertyNames()).containsExactlyElementsOf(DAYS);
        for (String day : DAYS) {
            assertThat(window(hours.get("days").get(day))).as(day).isEqualTo("08:00-21:00");
        }
        assertThat(window(hours.get("regions").get("FL").get("days").get("MON"))).isEqualTo("08:00-20:00");
        assertThat(hours.get("regions").get("FL").has("source")).isFalse();
        assertThat(hours.get("closedDates").isEmpty()).isTrue();
    }

    @Test
    void theDefaultGivesTheSourceOfEveryRule() {
        JsonNode shipped = newTenant().get("/api/calling-hours/default").expect(200).json();

        assertThat(shipped.get("timeZoneUnknown").asString()).isEqualTo("STRICTEST");
        assertThat(shipped.get("days").propertyNames()).containsExactlyElementsOf(DAYS);
        for (String day : DAYS) {
            JsonNode window = shipped.get("days").get(day);
            assertThat(window(window)).as(day).isEqualTo("08:00-21:00");
            assertThat(window.get("source").asString()).as(day).isEqualTo("47 CFR 64.1200(c)(1)");
        }
        assertThat(shipped.get("regions").propertyNames()).contains("FL", "OK", "TX", "WA");
        for (String region : shipped.get("regions").propertyNames()) {
            assertThat(shipped.get("regions").get(region).get("source").asString()).as(region).isNotBlank();
            assertThat(shipped.get("regions").get(region).get("days").propertyNames()).as(region)
                    .containsExactlyElementsOf(DAYS);
        }
        assertThat(shipped.get("regions").get("FL").get("source").asString()).isEqualTo("Fla. Stat. § 501.616(6)(a)");
        JsonNode texas = shipped.get("regions").get("TX").get("days");
        assertThat(window(texas.get("SAT"))).isEqualTo("09:00-21:00");
        assertThat(window(texas.get("SUN"))).isEqualTo("12:00-21:00");
        assertThat(shipped.get("regions").get("MS").get("days").get("SUN").isNull()).isTrue();
        assertThat(shipped.get("closedDates").isEmpty()).isTrue();
    }

    @Test
    void hoursPutAreAnsweredAndReadBackInTheContractsShape() {
        ApiClient tenant = newTenant();

        JsonNode put = tenant.send("PUT", "/api/calling-hours", "application/json", HOURS).expect(200).json();
        JsonNode read = tenant.get("/api/calling-hours").expect(200).json();

        for (JsonNode hours : List.of(put, read)) {
            assertThat(hours.get("timeZoneUnknown").asString()).isEqualTo("REFUSE");
            assertThat(hours.get("days").propertyNames()).containsExactlyElementsOf(DAYS);
            assertThat(window(hours.get("days").get("MON"))).isEqualTo("09:00-24:00");
            assertThat(window(hours.get("days").get("SAT"))).isEqualTo("10:00-14:00");
            assertThat(hours.get("days").get("SUN").isNull()).isTrue();
            assertThat(hours.get("regions").propertyNames()).containsExactly("TX");
            JsonNode texas = hours.get("regions").get("TX").get("days");
            assertThat(texas.propertyNames()).containsExactlyElementsOf(DAYS);
            assertThat(window(texas.get("MON"))).isEqualTo("10:00-17:30");
            assertThat(texas.get("TUE").isNull()).isTrue();
            assertThat(hours.get("closedDates").valueStream().map(JsonNode::asString))
                    .containsExactly("2027-01-01", "2027-12-25");
        }
        // what GET answers is a valid PUT, and changes nothing
        assertThat(tenant.put("/api/calling-hours", read).expect(200).json()).isEqualTo(read);
    }

    @Test
    void theDefaultReadWithGetCanBeSentBackWithPut() {
        ApiClient tenant = newTenant();
        JsonNode shipped = tenant.get("/api/calling-hours/default").expect(200).json();
        JsonNode before = tenant.get("/api/calling-hours").expect(200).json();

        assertThat(tenant.put("/api/calling-hours", shipped).expect(200).json()).isEqualTo(before);
    }

    @Test
    void invalidHoursAreRefusedNamingTheFieldAndTheValue() {
        ApiClient tenant = newTenant();

        refused(tenant, HOURS.replace("\"MON\":{\"start\":\"09:00\"", "\"MON\":{\"start\":\"9am\""),
                "days.MON.start", "9am");
        refused(tenant, HOURS.replace("\"SAT\":{\"start\":\"10:00\",\"end\":\"14:00\"}",
                "\"SAT\":{\"start\":\"10:00\",\"end\":\"09:30\"}"), "days.SAT.end", "09:30");
        refused(tenant, HOURS.replace("\"SAT\":{\"start\":\"10:00\",\"end\":\"14:00\"}",
                "\"SAT\":{\"start\":\"10:00\",\"end\":\"10:00\"}"), "days.SAT.end", "10:00");
        refused(tenant, HOURS.replace("\"SAT\":{\"start\":\"10:00\",\"end\":\"14:00\"}",
                "\"SAT\":{\"start\":\"10:00\",\"end\":\"00:00\"}"), "days.SAT.end", "24:00");
        refused(tenant, HOURS.replace("\"SAT\":{\"start\":\"10:00\",\"end\":\"14:00\"}",
                "\"SAT\":{\"start\":\"24:00\",\"end\":\"24:00\"}"), "days.SAT.start", "24:00");
        refused(tenant, HOURS.replace("\"SAT\":{\"start\":\"10:00\",\"end\":\"14:00\"}",
                "\"SAT\":{\"start\":\"10:00\",\"end\":\"14:00:00\"}"), "days.SAT.end", "14:00:00");
        refused(tenant, HOURS.replace("\"SAT\":{\"start\":\"10:00\",\"end\":\"14:00\"}",
                "\"SAT\":{\"start\":\"10:00\"}"), "days.SAT.end", "missing");
        refused(tenant, HOURS.replace("\"SAT\":", "\"SATURDAY\":"), "days.SATURDAY", "not a day");
        refused(tenant, HOURS.replace("\"TX\":", "\"XX\":"), "regions.XX", "not a US state");
        refused(tenant, HOURS.replace("\"TX\":", "\"tx\":"), "regions.tx", "not a US state");
        refused(tenant, HOURS.replace("\"SUN\":null", "\"FUN\":null"), "regions.TX.days.FUN", "not a day");
        refused(tenant, HOURS.replace("\"2027-01-01\"", "\"2027-02-30\""), "closedDates[1]", "2027-02-30");
        refused(tenant, HOURS.replace("\"2027-01-01\"", "\"01/01/2027\""), "closedDates[1]", "01/01/2027");
        refused(tenant, HOURS.replace("\"2027-01-01\"", "\"2027-12-25\""), "closedDates[1]", "closedDates[0]");
        refused(tenant, HOURS.replace("\"REFUSE\"", "\"SOMETIMES\""), "timeZoneUnknown", "SOMETIMES");
        refused(tenant, HOURS.replace("\"timeZoneUnknown\":\"REFUSE\",", ""), "timeZoneUnknown", "missing");
        // keys the shape does not have, and a key given twice, are refused by the JSON reading itself
        refused(tenant, HOURS.replace("\"start\":\"10:00\",\"end\":\"14:00\"",
                "\"start\":\"10:00\",\"stop\":\"14:00\""), "days.SAT.stop", "");
        refused(tenant, HOURS.replace("\"closedDates\"", "\"holidays\""), "holidays", "");
        refused(tenant, HOURS.replace("\"SAT\":{", "\"MON\":{"), "days.MON", "twice");

        // every problem is listed, not only the first
        ApiClient.Response both = tenant.send("PUT", "/api/calling-hours", "application/json",
                HOURS.replace("\"MON\":{\"start\":\"09:00\"", "\"MON\":{\"start\":\"9am\"")
                        .replace("\"TX\":", "\"XX\":"));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").findValuesAsString("field")).containsExactly("days.MON.start",
                "regions.XX");

        assertThat(tenant.get("/api/calling-hours").expect(200).json().get("timeZoneUnknown").asString())
                .isEqualTo("STRICTEST");
    }

    @Test
    void aTenantSeesAndChangesOnlyItsOwnHours() {
        ApiClient owner = newTenant();
        ApiClient other = newTenant();

        owner.send("PUT", "/api/calling-hours", "application/json", HOURS).expect(200);

        assertThat(other.get("/api/calling-hours").expect(200).json().get("timeZoneUnknown").asString())
                .isEqualTo("STRICTEST");
        assertThat(owner.get("/api/calling-hours").expect(200).json().get("timeZoneUnknown").asString())
                .isEqualTo("REFUSE");
    }

    @Test
    void aReadOnlyKeyReadsTheHoursAndCannotChangeThem() {
        ApiClient admin = admin();
        String id = admin.post("/api/admin/tenants", Map.of("name", "hours-" + UUID.randomUUID())).expect(201)
                .json().get("id").asString();
        String key = admin.post("/api/admin/tenants/" + id + "/keys", Map.of("name", "reader", "readOnly", true))
                .expect(201).json().get("apiKey").asString();
        ApiClient reader = api().withToken(key);

        reader.get("/api/calling-hours").expect(200);
        reader.get("/api/calling-hours/default").expect(200);
        assertThat(reader.send("PUT", "/api/calling-hours", "application/json", HOURS).status()).isEqualTo(403);
    }

    @Test
    void everyPutIsInTheAuditTrail() {
        ApiClient tenant = newTenant();
        String strictest = HOURS.replace("\"REFUSE\"", "\"STRICTEST\"");
        tenant.send("PUT", "/api/calling-hours", "application/json", HOURS).expect(200);
        tenant.send("PUT", "/api/calling-hours", "application/json", strictest).expect(200);
        tenant.send("PUT", "/api/calling-hours", "application/json", strictest).expect(200);

        JsonNode items = tenant.get("/api/audit?entity=calling_hours").expect(200).json().get("items");
        assertThat(items.findValuesAsString("action")).containsExactly("update", "update", "create");
        assertThat(items.get(2).get("before").isNull()).isTrue();
        assertThat(items.get(2).get("after").get("timeZoneUnknown").asString()).isEqualTo("REFUSE");
        assertThat(items.get(1).get("before").get("timeZoneUnknown").asString()).isEqualTo("REFUSE");
        assertThat(items.get(1).get("after").get("timeZoneUnknown").asString()).isEqualTo("STRICTEST");
        assertThat(window(items.get(1).get("after").get("days").get("MON"))).isEqualTo("09:00-24:00");
        // a PUT that changes nothing is recorded too
        assertThat(items.get(0).get("before")).isEqualTo(items.get(0).get("after"));
    }

    static void refused(ApiClient tenant, String body, String field, String inMessage) {
        ApiClient.Response response = tenant.send("PUT", "/api/calling-hours", "application/json", body);
        assertThat(response.status()).as(field + " in " + body).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.body()).isNotNull();
        assertThat(errors.findValuesAsString("field")).as(response.body()).containsExactly(field);
        assertThat(errors.get(0).get("message").asString()).as(response.body()).contains(inMessage);
    }

    static String window(JsonNode window) {
        return window.get("start").asString() + "-" + window.get("end").asString();
    }
}
