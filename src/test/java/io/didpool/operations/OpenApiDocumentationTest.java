package io.didpool.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every operation of the OpenAPI description says what it does (a description besides its summary), every query and
 * path parameter what it means, and the bodies that are hard to guess (the bulk filter, a policy, a campaign, a CSV
 * import) come with a real example. An endpoint added later without them fails here, naming it.
 */
class OpenApiDocumentationTest extends IntegrationTest {

    private JsonNode doc;

    @BeforeEach
    void document() {
        doc = api().get("/v3/api-docs").expect(200).json();
    }

    @Test
    void everyOperationAndEveryParameterIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            String name = method.getKey().toUpperCase() + " " + path.getKey();
            JsonNode op = method.getValue();
            if (blank(op.get("description"))) {
                undescribed.add(name + ": no description");
            }
            op.path("parameters").forEach(parameter -> {
                if (blank(parameter.get("description"))) {
                    undescribed.add(name + ": parameter " + parameter.get("name").asString() + " has no description");
                }
            });
        }));
        assertThat(undescribed).as("operations and parameters without a description").isEmpty();
    }

    @Test
    void theBodiesHardToGuessComeWithRealExamples() {
        assertThat(example("/api/asterisk-dids/bulk", "post", "application/json"))
                .contains("\"filter\"", "\"set\"", "\"dryRun\"");
        assertThat(example("/api/asterisk-dids/segments/{segment}/policy", "put", "application/json"))
                .contains("\"localPresence\"", "\"localPresenceAcrossFallbacks\"", "\"maxCallsPerHour\"");
        assertThat(example("/api/campaigns", "post", "application/json"))
                .contains("\"journeyId\"", "\"contacts\"", "\"phoneNumber\"");
        assertThat(example("/api/asterisk-dids/import/csv", "post", "text/csv"))
                .startsWith("number,segment,trunk,status,friendlyName").contains("+1");
    }

    @Test
    void theExamplesAreRequestsTheApiTakesAsTheyAre() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "twilio-main");
        String policy = example("/api/asterisk-dids/segments/{segment}/policy", "put", "application/json");
        assertThat(tenant.send("PUT", "/api/asterisk-dids/segments/twilio-main/policy", "application/json", policy)
                .expect(200).json().get("localPresenceAcrossFallbacks").asBoolean()).isTrue();
        for (JsonNode bulk : examples("/api/asterisk-dids/bulk", "post", "application/json")) {
            tenant.send("POST", "/api/asterisk-dids/bulk", "application/json", bulk.get("value").toString())
                    .expect(200);
        }
        String journey = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of())).expect(201).json()
                .get("id").asString();
        JsonNode campaign = examples("/api/campaigns", "post", "application/json").get(0).get("value");
        tenant.send("POST", "/api/campaigns", "application/json",
                campaign.toString().replace(campaign.get("journeyId").asString(), journey)).expect(201);
        JsonNode imported = tenant.send("POST", "/api/asterisk-dids/import/csv?dryRun=true", "text/csv",
                example("/api/asterisk-dids/import/csv", "post", "text/csv")).expect(200).json();
        assertThat(imported.get("failed").asInt()).isZero();
    }

    private List<JsonNode> examples(String path, String method, String mediaType) {
        return List.copyOf(doc.get("paths").get(path).get(method).get("requestBody").get("content").get(mediaType)
                .get("examples").values());
    }

    /** The first example of the operation's body of that media type, as text. */
    private String example(String path, String method, String mediaType) {
        JsonNode content = doc.get("paths").get(path).get(method).get("requestBody").get("content").get(mediaType);
        assertThat(content).as(method + " " + path + " " + mediaType).isNotNull();
        JsonNode examples = content.path("examples");
        assertThat(examples.isEmpty()).as(method + " " + path + ": examples").isFalse();
        JsonNode value = examples.values().iterator().next().get("value");
        return value.isString() ? value.asString() : value.toString();
    }

    private static boolean blank(JsonNode text) {
        return text == null || text.isNull() || text.asString().isBlank();
    }
}
