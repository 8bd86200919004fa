package io.didpool.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What an operator reaches without an API key: OpenAPI, health, Prometheus metrics and the console's pages. */
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
                .containsExactly("segment", "status", "trunk", "q", "neverUsed", "sort", "page", "size");
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
    void reportsTheDatabaseAndTheAmiLinkInHealthWithoutAnApiKey() {
        JsonNode health = api().get("/actuator/health").expect(200).json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        // this suite's shared context has no AMI host: the dry-run dialer says so
        assertThat(health.get("components").get("ami").get("details").get("mode").asString()).isEqualTo("dry-run");
    }

    @Test
    void exportsDidsBySegmentAndStatusAndAllocationsBySegmentAndSelection() {
        ApiClient tenant = newTenant();
        ApiClient other = newTenant();
        for (String number : List.of("+14155550601", "+14155550602")) {
            tenant.post("/api/asterisk-dids", Map.of("number", number, "segment", "metrics-east")).expect(201);
        }
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550603", "segment", "metrics-east",
                "status", "quarantined")).expect(201);
        // another tenant's DIDs of a segment with the same name add up: the series are per segment, not per tenant
        other.post("/api/asterisk-dids", Map.of("number", "+14155550601", "segment", "metrics-east")).expect(201);
        String westId = tenant.post("/api/asterisk-dids", Map.of("number", "+14155550604", "segment", "metrics-west"))
                .expect(201).json().get("id").asString();
        tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "metrics-east")).expect(200);
        tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "metrics-east")).expect(200);
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", westId)).expect(200);

        inventory.refresh();
        String scrape = api().get("/actuator/prometheus").expect(200).body();
        assertThat(sample(scrape, "didpool_dids", "segment=\"metrics-east\",status=\"active\"")).isEqualTo(3.0);
        assertThat(sample(scrape, "didpool_dids", "segment=\"metrics-east\",status=\"quarantined\"")).isEqualTo(1.0);
        assertThat(sample(scrape, "didpool_dids", "segment=\"metrics-west\",status=\"active\"")).isEqualTo(1.0);
        assertThat(sample(scrape, "didpool_allocations_total", "segment=\"metrics-east\",selected_by=\"SEGMENT\""))
                .isEqualTo(2.0);
        assertThat(sample(scrape, "didpool_allocations_total", "segment=\"metrics-west\",selected_by=\"DID_ID\""))
                .isEqualTo(1.0);

        // a segment that no longer holds a DID leaves the metrics instead of staying at its last value
        tenant.put("/api/asterisk-dids/" + westId, Map.of("segment", "metrics-east")).expect(200);
        inventory.refresh();
        String after = api().get("/actuator/prometheus").expect(200).body();
        assertThat(after).doesNotContain("didpool_dids{segment=\"metrics-west\"");
        assertThat(sample(after, "didpool_dids", "segment=\"metrics-east\",status=\"active\"")).isEqualTo(4.0);
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

    /** The value of the one sample of {@code metric} whose labels are exactly {@code labels}. */
    private static double sample(String scrape, String metric, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric + "{" + labels + "}") + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("%s{%s} in%n%s", metric, labels, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
