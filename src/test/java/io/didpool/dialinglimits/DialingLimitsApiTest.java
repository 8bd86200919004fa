package io.didpool.dialinglimits;

import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

/** The tenant's dialing limits through the API: the default, validation, keys, tenants, audit and the event. */
@RecordApplicationEvents
class DialingLimitsApiTest extends IntegrationTest {

    static final String PATH = "/api/dialing-limits";
    static final String FIELD = "maxCallsPerContactPerDay";

    @Autowired
    DialingLimitsService service;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    ApplicationEvents events;

    @Test
    void theDefaultIsNoLimitAndAPutIsReadBack() {
        ApiClient tenant = newTenant();
        JsonNode initial = tenant.get(PATH).expect(200).json();
        assertThat(initial.propertyNames()).containsExactly(FIELD);
        assertThat(initial.get(FIELD).isNull()).isTrue();

        assertThat(tenant.put(PATH, Map.of(FIELD, 3)).expect(200).json().get(FIELD).asInt()).isEqualTo(3);
        assertThat(tenant.get(PATH).expect(200).json().get(FIELD).asInt()).isEqualTo(3);
        assertThat(tenant.put(PATH, Map.of(FIELD, 1000)).expect(200).json().get(FIELD).asInt()).isEqualTo(1000);

        assertThat(tenant.put(PATH, nullLimit()).expect(200).json().get(FIELD).isNull()).isTrue();
        assertThat(tenant.get(PATH).expect(200).json().get(FIELD).isNull()).isTrue();
    }

    @Test
    void aLimitThatIsNotAWholeNumberFrom1To1000IsRefusedNamingTheFieldAndTheValue() {
        ApiClient tenant = newTenant();
        tenant.put(PATH, Map.of(FIELD, 2)).expect(200);

        for (Object refused : List.of(0, -1, 2.5, "3", 1001, 4_000_000_000L, List.of(1), true)) {
            ApiClient.Response response = tenant.put(PATH, Map.of(FIELD, refused));
            assertThat(response.status()).as(String.valueOf(refused)).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(FIELD);
            assertThat(response.json().get("detail").asString()).as(String.valueOf(refused))
                    .contains(FIELD).contains("got " + (refused instanceof String s ? "\"" + s + "\""
                            : refused instanceof List<?> ? "[1]" : String.valueOf(refused)));
        }
        assertThat(tenant.put(PATH, Map.of("maxCallsPerDay", 2)).status()).isEqualTo(400);
        assertThat(tenant.get(PATH).expect(200).json().get(FIELD).asInt()).as("unchanged").isEqualTo(2);
    }

    @Test
    void aReadOnlyKeyReadsTheLimitButCannotChangeIt() {
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "limits-" + java.util.UUID.randomUUID()))
                .expect(201).json();
        ApiClient writer = api().withToken(created.get("apiKey").asString());
        writer.put(PATH, Map.of(FIELD, 4)).expect(200);
        JsonNode key = admin().post("/api/admin/tenants/" + created.get("id").asString() + "/keys",
                Map.of("name", "dashboard", "readOnly", true)).expect(201).json();
        ApiClient reader = api().withToken(key.get("apiKey").asString());

        assertThat(reader.get(PATH).expect(200).json().get(FIELD).asInt()).isEqualTo(4);
        assertThat(reader.put(PATH, Map.of(FIELD, 9)).status()).isEqualTo(403);
        assertThat(writer.get(PATH).expect(200).json().get(FIELD).asInt()).isEqualTo(4);
    }

    @Test
    void aTenantSeesAndChangesOnlyItsOwnLimit() {
        ApiClient owner = newTenant();
        ApiClient other = newTenant();
        owner.put(PATH, Map.of(FIELD, 2)).expect(200);

        assertThat(other.get(PATH).expect(200).json().get(FIELD).isNull()).isTrue();
        other.put(PATH, Map.of(FIELD, 7)).expect(200);
        assertThat(owner.get(PATH).expect(200).json().get(FIELD).asInt()).isEqualTo(2);
    }

    @Test
    void everyChangeIsInTheAuditTrailAndAPutOfTheSameValueIsNoChange() {
        ApiClient tenant = newTenant();
        tenant.put(PATH, Map.of(FIELD, 3)).expect(200);
        tenant.put(PATH, Map.of(FIELD, 3)).expect(200);
        tenant.put(PATH, Map.of(FIELD, 5)).expect(200);
        tenant.put(PATH, nullLimit()).expect(200);

        JsonNode items = tenant.get("/api/audit?entity=dialing_limits").expect(200).json().get("items");
        assertThat(items.findValuesAsString("action")).containsExactly("update", "update", "update");
        assertThat(items.get(2).get("before").get(FIELD).isNull()).isTrue();
        assertThat(items.get(2).get("after").get(FIELD).asInt()).isEqualTo(3);
        assertThat(items.get(1).get("before").get(FIELD).asInt()).isEqualTo(3);
        assertThat(items.get(1).get("after").get(FIELD).asInt()).isEqualTo(5);
        assertThat(items.get(0).get("before").get(FIELD).asInt()).isEqualTo(5);
        assertThat(items.get(0).get("after").get(FIELD).isNull()).isTrue();
    }

    /** The dialer re-checks the calls waiting for a tenant's limit when it hears that the limit changed. */
    @Test
    void aChangeIsPublishedAndAPutOfTheSameValueIsNot() {
        TenantId tenant = tenant(jdbc);
        service.put(tenant, 2);
        service.put(tenant, 2);
        service.put(tenant, null);

        assertThat(events.stream(DialingLimitsChanged.class).filter(e -> e.tenant().equals(tenant)))
                .containsExactly(new DialingLimitsChanged(tenant, null, 2), new DialingLimitsChanged(tenant, 2, null));
    }

    @Test
    void theDescriptionShowsTheLimitAsAnIntegerFrom1To1000() {
        JsonNode schema = api().get("/v3/api-docs").expect(200).json().get("components").get("schemas")
                .get("DialingLimitsRequest").get("properties").get(FIELD);
        assertThat(schema.get("type").toString()).contains("integer");
        assertThat(schema.get("minimum").asInt()).isEqualTo(1);
        assertThat(schema.get("maximum").asInt()).isEqualTo(1000);
    }

    private static Map<String, Object> nullLimit() {
        Map<String, Object> body = new HashMap<>();
        body.put(FIELD, null);
        return body;
    }
}
