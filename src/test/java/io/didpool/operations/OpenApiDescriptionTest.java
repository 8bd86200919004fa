package io.didpool.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description says what each operation does, under its feature, and every status it can answer. */
class OpenApiDescriptionTest extends IntegrationTest {

    private JsonNode doc;

    @BeforeEach
    void document() {
        doc = api().get("/v3/api-docs").expect(200).json();
    }

    @Test
    void everyOperationHasASummaryAndATagNamingItsFeature() {
        List<String> tags = doc.get("tags").valueStream().map(t -> t.get("name").asString()).toList();
        assertThat(tags).contains("DIDs", "Segments", "Rotation", "Journeys", "Twilio", "Asterisk",
                "Tenants and keys (admin)", "Audit", "Campaigns", "Trunks (admin)", "Suppression");
        assertThat(doc.get("tags").valueStream().allMatch(t -> t.has("description"))).isTrue();
        for (Op op : operations()) {
            assertThat(op.node().get("summary")).as(op.name()).isNotNull();
            assertThat(op.node().get("tags").get(0).asString()).as(op.name()).isIn(tags).doesNotEndWith("-controller");
        }
    }

    @Test
    void everyOperationListsItsErrorsAsProblemDetails() {
        for (Op op : operations()) {
            JsonNode responses = op.node().get("responses");
            assertThat(responses.propertyNames()).as(op.name()).contains("400", "401");
            responses.properties().stream().filter(r -> !r.getKey().startsWith("2")).forEach(r ->
                    assertThat(r.getValue().get("content").get("application/problem+json").get("schema").get("$ref")
                            .asString()).as(op.name() + " " + r.getKey()).isEqualTo("#/components/schemas/Problem"));
            JsonNode body = op.node().path("requestBody").path("content");
            assertThat(responses.get("400").get("description").asString()).as(op.name() + ": strict JSON")
                    .contains(body.has("application/json") ? "a key given twice" : "invalid input");
            boolean admin = op.path().startsWith("/api/admin/");
            boolean tenantWrite = !op.method().equals("GET") && !admin;
            assertThat(responses.has("403")).as(op.name() + ": a read-only key, or a tenant's key on the admin API,"
                    + " is refused").isEqualTo(tenantWrite || admin);
            assertThat(responses.has("404")).as(op.name() + ": an unknown id").isEqualTo(op.path().contains("{")
                    || op.path().equals("/api/twilio/credentials") && !op.method().equals("PUT")
                    || op.path().equals("/api/twilio/credentials/test")
                    || op.path().equals("/api/asterisk-dids/import/twilio")
                    || op.path().equals("/api/asterisk-dids/allocate")
                    || op.path().startsWith("/api/asterisk-dids/usage") && !op.path().endsWith("histogram"));
        }
        assertThat(doc.get("components").get("schemas").get("Problem").get("properties").propertyNames())
                .contains("type", "title", "status", "detail", "errors");
    }

    @Test
    void theDomainsOwnRefusalsAndTheRealSuccessCodesAreThere() {
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("POST /api/asterisk-dids", List.of("201", "409")),
                Map.entry("POST /api/asterisk-dids/allocate", List.of("200", "409", "422", "503")),
                Map.entry("POST /api/asterisk-dids/bulk", List.of("200", "422")),
                Map.entry("DELETE /api/asterisk-dids/segments/{segment}", List.of("204", "409")),
                Map.entry("POST /api/asterisk-dids/segments/{segment}/rename", List.of("200", "409")),
                Map.entry("POST /api/asterisk-dids/import/twilio", List.of("200", "409", "502")),
                Map.entry("POST /api/journeys", List.of("201", "422")),
                Map.entry("PUT /api/journeys/{id}", List.of("200", "422")),
                Map.entry("POST /api/journeys/{id}/executions", List.of("202")),
                Map.entry("DELETE /api/journeys/{id}", List.of("204")),
                Map.entry("PUT /api/twilio/credentials", List.of("204")),
                Map.entry("POST /api/twilio/credentials/test", List.of("200", "409", "502")),
                Map.entry("POST /api/admin/tenants", List.of("201", "409")),
                Map.entry("POST /api/admin/tenants/{id}/keys", List.of("201", "409")),
                Map.entry("DELETE /api/admin/tenants/{id}/keys/{keyId}", List.of("204")),
                Map.entry("GET /api/asterisk/trunks/{name}", List.of("200", "502")),
                Map.entry("GET /api/asterisk/trunks", List.of("200")),
                Map.entry("POST /api/campaigns", List.of("201", "422")),
                Map.entry("POST /api/campaigns/{id}/pause", List.of("200", "409")),
                Map.entry("POST /api/campaigns/{id}/resume", List.of("200", "409")),
                Map.entry("POST /api/campaigns/{id}/cancel", List.of("200", "409")),
                Map.entry("PUT /api/admin/trunks/{name}", List.of("200", "422")),
                Map.entry("PUT /api/suppression/{number}", List.of("200")),
                Map.entry("DELETE /api/suppression/{number}", List.of("204")),
                Map.entry("POST /api/suppression/import/csv", List.of("200")));
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        operations().forEach(op -> byName.put(op.name(), op.node()));
        expected.forEach((name, statuses) -> {
            assertThat(byName).as(name).containsKey(name);
            assertThat(byName.get(name).get("responses").propertyNames()).as(name).containsAll(statuses);
            assertThat(byName.get(name).get("responses").propertyNames().stream().filter(s -> s.startsWith("2")))
                    .as(name + ": one success code").containsExactly(statuses.get(0));
        });
        assertThat(byName.get("GET /api/asterisk-dids/export").get("responses").get("200").get("content")
                .propertyNames()).containsExactly("text/csv");
        assertThat(byName.get("POST /api/asterisk-dids/import/csv").get("requestBody").get("content")
                .propertyNames()).contains("text/csv");
        assertThat(byName.get("GET /api/suppression/export").get("responses").get("200").get("content")
                .propertyNames()).containsExactly("text/csv");
        assertThat(byName.get("POST /api/suppression/import/csv").get("requestBody").get("content")
                .propertyNames()).contains("text/csv");
    }

    @Test
    void describesTheOperationsOfOperatingAtScale() {
        assertThat(operations().stream().map(Op::name)).contains(
                "POST /api/asterisk-dids/bulk", "GET /api/asterisk-dids/export", "POST /api/asterisk-dids/import/csv",
                "GET /api/asterisk-dids/segments/{segment}", "PUT /api/asterisk-dids/segments/{segment}",
                "DELETE /api/asterisk-dids/segments/{segment}", "POST /api/asterisk-dids/segments/{segment}/rename",
                "GET /api/asterisk-dids/usage/histogram", "GET /api/admin/tenants",
                "POST /api/admin/tenants/{id}/keys", "GET /api/admin/tenants/{id}/keys",
                "DELETE /api/admin/tenants/{id}/keys/{keyId}", "GET /api/audit", "GET /api/admin/audit");
    }

    private List<Op> operations() {
        List<Op> operations = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method ->
                operations.add(new Op(method.getKey().toUpperCase(), path.getKey(), method.getValue()))));
        return operations;
    }

    private record Op(String method, String path, JsonNode node) {
        String name() {
            return method + " " + path;
        }
    }
}
