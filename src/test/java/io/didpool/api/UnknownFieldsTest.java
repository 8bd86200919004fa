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

/** A field that a request body does not take is a 400 naming it, in every body of the API: a typo is never ignored. */
class UnknownFieldsTest extends IntegrationTest {

    private ApiClient tenant;
    private String didId;
    private String journeyId;
    private String nodeId;

    @BeforeEach
    void aTenantWithADidAndAJourney() {
        tenant = newTenant();
        didId = tenant.createDid("+14155550100", "twilio-main").get("id").asString();
        JsonNode journey = tenant.post("/api/journeys", Map.of("name", "renewal",
                "nodes", List.of(Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "twilio-main")))))
                .expect(201).json();
        journeyId = journey.get("id").asString();
        nodeId = journey.get("nodes").get(0).get("id").asString();
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /api/admin/tenants | {"name":"acme","nmae":"acme"} \
                 | nmae | a new tenant takes name
            POST | /api/asterisk-dids | {"number":"+14155550199","segmnet":"twilio-main"} \
                 | segmnet | a new DID takes number, segment, trunk, status, friendlyName
            PUT  | /api/asterisk-dids/DID | {"segmnet":"twilio-backup"} \
                 | segmnet | a DID update takes segment, trunk, status, friendlyName, restingUntil
            POST | /api/asterisk-dids/allocate | {"segmnet":"twilio-main"} \
                 | segmnet | an allocation takes didId, segment, destination, fallbackSegments
            POST | /api/journeys | {"name":"j","nodes":[{"type":"MAKE_CALL","config":{"didSegmnet":"twilio-main"}}]} \
                 | nodes[0].config.didSegmnet | a MAKE_CALL node's config takes didId, didSegment, audioFile, transferNumber, fallbackSegments
            POST | /api/journeys | {"name":"j","nodes":[{"type":"MAKE_CALL","cofnig":{}}]} \
                 | nodes[0].cofnig | a journey node takes id, type, config
            PUT  | /api/journeys/JOURNEY | {"name":"j","nodez":[]} \
                 | nodez | a journey takes name, nodes, callingHours, callbackTo
            PUT  | /api/journeys/JOURNEY/nodes/NODE | {"type":"MAKE_CALL","config":{"didSegment":"twilio-main","dIdId":null}} \
                 | config.dIdId | a MAKE_CALL node's config takes didId, didSegment, audioFile, transferNumber, fallbackSegments
            POST | /api/journeys/JOURNEY/executions | {"contact":{"phone":"+14155550123"}} \
                 | contact.phone | an execution's contact takes phoneNumber
            POST | /api/journeys/JOURNEY/executions | {"contact":{"phoneNumber":"+14155550123"},"priority":1} \
                 | priority | an execution takes contact
            PUT  | /api/twilio/credentials | {"accountSid":"AC0123456789abcdef0123456789abcdef","authToken":"0123456789abcdef0123456789abcdef","region":"ie1"} \
                 | region | storing Twilio credentials takes accountSid, authToken
            POST | /api/asterisk-dids/import/twilio | {"segment":"twilio-main","dryrun":true} \
                 | dryrun | a Twilio import takes segment, trunk, dryRun, mode, releaseMissing
            POST | /api/asterisk-dids/coverage/contacts | {"segment":"twilio-main","campaign":"x"} \
                 | campaign | a coverage check of contacts takes segment, fallbackSegments, campaignId, contacts
            """)
    void anUnknownFieldIsRefusedNamingItAndTheFieldsTheBodyTakes(String method, String path, String body,
            String field, String takes) {
        ApiClient client = path.startsWith("/api/admin/") ? api().withToken(ADMIN_TOKEN) : tenant;
        String message = "unknown field; " + takes;

        ApiClient.Response response = client.send(method,
                path.replace("DID", didId).replace("JOURNEY", journeyId).replace("NODE", nodeId), body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("detail").asString()).isEqualTo(field + ": " + message);
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo(message);
        assertNothingChanged();
    }

    @Test
    void aDidUpdateNamesEachFieldItDoesNotTake() {
        JsonNode problem = tenant.put("/api/asterisk-dids/" + didId,
                Map.of("segment", "twilio-backup", "segmnet", "x", "number", "+14155550101")).expect(400).json();

        assertThat(problem.get("errors")).hasSize(2);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("number");
        assertThat(problem.get("errors").get(1).get("field").asString()).isEqualTo("segmnet");
        assertThat(problem.get("detail").asString()).isEqualTo(
                "number: unknown field; a DID update takes segment, trunk, status, friendlyName, restingUntil;"
                        + " segmnet: unknown field; a DID update takes segment, trunk, status, friendlyName,"
                        + " restingUntil");
        assertNothingChanged();
    }

    @Test
    void aJourneyReadWithGetCanBeSentBackAsItIs() {
        JsonNode journey = tenant.get("/api/journeys/" + journeyId).expect(200).json();

        JsonNode saved = tenant.put("/api/journeys/" + journeyId, journey.toString()).expect(200).json();

        assertThat(saved.get("nodes").get(0).get("id").asString()).isEqualTo(nodeId);
        assertThat(saved.get("nodes").get(0).get("config")).isEqualTo(journey.get("nodes").get(0).get("config"));
    }

    /** The refused requests changed nothing: one DID, unused, in its segment; the journey as created. */
    private void assertNothingChanged() {
        JsonNode dids = tenant.get("/api/asterisk-dids").expect(200).json();
        assertThat(dids.get("total").asLong()).isEqualTo(1);
        assertThat(dids.get("items").get(0).get("segment").asString()).isEqualTo("twilio-main");
        assertThat(dids.get("items").get(0).get("usageCount").asLong()).isZero();
        JsonNode journey = tenant.get("/api/journeys/" + journeyId).expect(200).json();
        assertThat(journey.get("name").asString()).isEqualTo("renewal");
        assertThat(journey.get("nodes").get(0).get("config").get("didSegment").asString()).isEqualTo("twilio-main");
        assertThat(tenant.get("/api/twilio/credentials").status()).isEqualTo(404);
    }
}
