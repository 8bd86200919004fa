package io.didpool.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What an operator reaches: OpenAPI, health and the console's pages without a key; metrics with the admin token. */
class OperationsApiTest extends IntegrationTest {

    @Autowired
    DidInventoryMetrics inventory;

    @Test
    void describesEveryApiPathInOpenApiWithTheBearerScheme() {
        JsonNode doc = api().get("/v3/api-docs").expect(200).json();

        assertThat(doc.get("info").get("title").asString()).isEqualTo("didpool API");
        assertThat(doc.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
                .isEqualTo("bearer");
        assertThat(doc.get("security").get(0).has("bearer")).isTrue();
        assertThat(operations(doc)).contains(
                "POST /api/admin/tenants",
                "GET /api/asterisk-dids", "POST /api/asterisk-dids",
                "GET /api/asterisk-dids/{id}", "PUT /api/asterisk-dids/{id}", "DELETE /api/asterisk-dids/{id}",
                "GET /api/asterisk-dids/segments",
                "GET /api/asterisk-dids/next-available-by-segment",
                "POST /api/asterisk-dids/allocate",
                "GET /api/asterisk-dids/usage", "POST /api/asterisk-dids/usage/reset");
        // the console's pages are no API, and the tenant comes from the key, never from a parameter
        assertThat(doc.get("paths").propertyNames()).allMatch(path -> path.startsWith("/api/"));
        assertThat(doc.findValues("parameters").stream().flatMap(JsonNode::valueStream)
                .map(p -> p.get("name").asString())).doesNotContain("tenant");
        assertThat(doc.get("paths").get("/api/asterisk-dids").get("get").get("parameters").valueStream()
                .map(p -> p.get("name").asString()))
                .containsExactly("segment", "status", "trunk", "q", "neverUsed", "areaCode", "region", "numberPrefix",
                        "sort", "page", "size");
    }

    @Test
    void describesTheFieldsOfTheDidPartialUpdate() {
        JsonNode body = api().get("/v3/api-docs").expect(200).json().get("paths").get("/api/asterisk-dids/{id}")
                .get("put").get("requestBody").get("content").get("application/json").get("schema");
        assertThat(body.get("properties").propertyNames())
                .containsExactlyInAnyOrder("segment", "trunk", "status", "friendlyName");
    }

    @Test
    void describesEveryOperationOfTheContract() {
        List<String> operations = operations(api().get("/v3/api-docs").expect(200).json()).stream()
                .map(op -> op.replaceAll("\\{[^}]+}", "{}")).toList();
        assertThat(operations).contains(
                "POST /api/admin/tenants",
                "GET /api/asterisk-dids", "POST /api/asterisk-dids", "GET /api/asterisk-dids/{}",
                "PUT /api/asterisk-dids/{}", "DELETE /api/asterisk-dids/{}", "GET /api/asterisk-dids/segments",
                "GET /api/asterisk-dids/next-available-by-segment", "POST /api/asterisk-dids/allocate",
                "GET /api/asterisk-dids/usage", "POST /api/asterisk-dids/usage/reset",
                "POST /api/asterisk-dids/import/twilio",
                "PUT /api/twilio/credentials", "GET /api/twilio/credentials", "DELETE /api/twilio/credentials",
                "POST /api/twilio/credentials/test",
                "POST /api/journeys", "GET /api/journeys", "GET /api/journeys/{}", "PUT /api/journeys/{}",
                "DELETE /api/journeys/{}", "PUT /api/journeys/{}/nodes/{}", "POST /api/journeys/{}/executions",
                "GET /api/journeys/{}/executions/{}",
                "GET /api/asterisk/trunks/{}");
    }

    @Test
    void servesSwaggerUiWithoutAnApiKey() {
        assertThat(api().get("/swagger-ui.html").status()).isEqualTo(302);
        ApiClient.Response ui = api().get("/swagger-ui/index.html").expect(200);
        assertThat(ui.contentType()).startsWith("text/html");
        assertThat(ui.body()).contains("swagger-ui");
    }

    @Test
    void answersHealthAndItsProbesWithTheStatusOnlyWithoutTheAdminToken() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            ApiClient.Response health = api().get(path).expect(200);
            assertThat(health.json().get("status").asString()).as(path).isEqualTo("UP");
            // no component, no detail: no AMI address, no database product
            assertThat(health.json().has("components")).as(path).isFalse();
            assertThat(health.body()).as(path).doesNotContain("ami", "dry-run", "PostgreSQL", "details");
        }
    }

    @Test
    void reportsTheDatabaseAndTheAmiLinkInHealthToTheAdminToken() {
        JsonNode health = api().withToken(ADMIN_TOKEN).get("/actuator/health").expect(200).json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("details").get("database").asString())
                .isEqualTo("PostgreSQL");
        // this suite's shared context has no AMI host: the dry-run dialer says so
        assertThat(health.get("components").get("ami").get("details").get("mode").asString()).isEqualTo("dry-run");
    }

    @Test
    void keepsMetricsAndEveryOtherActuatorEndpointToTheAdminToken() {
        ApiClient tenant = newTenant();
        // a component's own health path shows its details, so it is no open probe
        for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/info", "/actuator/health/ami")) {
            assertRefused(api().get(path), 401);
            assertRefused(api().withToken("not-the-admin-token").get(path), 401);
            assertRefused(tenant.get(path), 403);
            assertThat(api().withToken(ADMIN_TOKEN).get(path).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void exportsDidsByStatusAndAllocationsBySelectionNeverByTheSegmentsTenantsName() {
        ApiClient tenant = newTenant();
        String east = "metrics-east-" + UUID.randomUUID();
        String west = "metrics-west-" + UUID.randomUUID();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550601", "segment", east)).expect(201);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550603", "segment", east,
                "status", "quarantined")).expect(201);
        String westId = tenant.post("/api/asterisk-dids", Map.of("number", "+14155550604", "segment", west))
                .expect(201).json().get("id").asString();
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        String before = admin.get("/actuator/prometheus").expect(200).body();

        tenant.post("/api/asterisk-dids/allocate", Map.of("segment", east)).expect(200);
        tenant.post("/api/asterisk-dids/allocate", Map.of("segment", east)).expect(200);
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", westId)).expect(200);

        inventory.refresh();
        String after = admin.get("/actuator/prometheus").expect(200).body();
        assertThat(after).doesNotContain(east, west, "segment=");
        // (journeys of other tests may still be allocating in this shared context: at least ours)
        assertThat(sample(after, "didpool_allocations_total", "selected_by=\"SEGMENT\"")
                - sample(before, "didpool_allocations_total", "selected_by=\"SEGMENT\"", 0)).isGreaterThanOrEqualTo(2.0);
        assertThat(sample(after, "didpool_allocations_total", "selected_by=\"DID_ID\"")
                - sample(before, "didpool_allocations_total", "selected_by=\"DID_ID\"", 0)).isGreaterThanOrEqualTo(1.0);
        // every tenant's DIDs add up, by status only
        assertThat(sample(after, "didpool_dids", "status=\"active\"")).isGreaterThanOrEqualTo(2.0);
        assertThat(sample(after, "didpool_dids", "status=\"quarantined\"")).isGreaterThanOrEqualTo(1.0);
    }

    private static void assertRefused(ApiClient.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("didpool_", "components");
    }

    @Test
    void servesTheConsolePagesWithoutAnApiKey() {
        for (String page : List.of("/", "/dids", "/segments", "/journeys")) {
            ApiClient.Response response = api().get(page).expect(200);
            assertThat(response.contentType()).startsWith("text/html");
            assertThat(response.body()).contains("/console/console.js");
        }
        assertThat(api().get("/console/console.js").expect(200).body()).contains("sessionStorage");
    }

    private static List<String> operations(JsonNode doc) {
        List<String> operations = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        return operations;
    }

    /** The sample's value, or {@code absent} when the scrape has no such sample yet. */
    private static double sample(String scrape, String metric, String labels, double absent) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric + "{" + labels + "}") + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : absent;
    }

    /** The value of the one sample of {@code metric} whose labels are exactly {@code labels}. */
    private static double sample(String scrape, String metric, String labels) {
        double value = sample(scrape, metric, labels, Double.NaN);
        assertThat(value).as("%s{%s} in%n%s", metric, labels, scrape).isNotNaN();
        return value;
    }
}
