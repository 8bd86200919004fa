package io.didpool.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Releasing a DID: out of rotation at once, on Twilio when asked (a refusal there said, and the release asked again);
 * refused while a call is in progress on it.
 */
class DidReleaseTest extends NumberLifecycleSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aReleasedDidLeavesRotationAtOnceAndIsReleasedOnTwilioWhenAsked() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        List<ObjectNode> numbers = numbers("206", 2);
        stubNumbers(account, token, numbers, 50);
        tenant.api().post("/api/asterisk-dids/import/twilio", Map.of("segment", "sea")).expect(200);
        JsonNode did = TwilioImportTest.find(tenant.api(), "+12060000000");
        String id = did.get("id").asString();
        String sid = numbers.get(0).get("sid").asString();
        TWILIO.stubFor(releaseRequest(account, sid).willReturn(aResponse().withStatus(204)));

        JsonNode released = tenant.api().post("/api/asterisk-dids/" + id + "/release", Map.of("onTwilio", false))
                .expect(200).json();

        assertThat(released.get("status").asString()).isEqualTo("released");
        TWILIO.verify(0, deleteRequestedFor(urlPathEqualTo(accountPath(account, "IncomingPhoneNumbers/" + sid
                + ".json"))));
        for (int i = 0; i < 3; i++) {
            assertThat(tenant.api().post("/api/asterisk-dids/allocate", Map.of("segment", "sea")).expect(200).json()
                    .get("did").get("number").asString()).isEqualTo("+12060000001");
        }
        tenant.api().post("/api/asterisk-dids/allocate", Map.of("didId", id)).expect(409);

        // released again, now on Twilio too
        tenant.api().post("/api/asterisk-dids/" + id + "/release", Map.of("onTwilio", true)).expect(200);
        TWILIO.verify(1, deleteRequestedFor(urlPathEqualTo(accountPath(account, "IncomingPhoneNumbers/" + sid
                + ".json"))));
        JsonNode audit = tenant.api().get("/api/audit?entity=did&id=" + id).expect(200).json().get("items");
        assertThat(audit.findValuesAsString("action")).contains("release", "twilio-release");
        // a number the account no longer has (what a re-sync reports missing): Twilio's 404 counts as released
        String other = TwilioImportTest.find(tenant.api(), "+12060000001").get("id").asString();
        assertThat(tenant.api().post("/api/asterisk-dids/" + other + "/release", Map.of("onTwilio", true))
                .expect(200).json().get("status").asString()).isEqualTo("released");
        // another tenant's DID is not found
        newTenant().post("/api/asterisk-dids/" + id + "/release", Map.of()).expect(404);
    }

    @Test
    void aReleaseTwilioRefusesLeavesTheDidOutOfRotationSaysSoAndCanBeAskedAgain() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        List<ObjectNode> numbers = numbers("503", 1);
        stubNumbers(account, token, numbers, 50);
        tenant.api().post("/api/asterisk-dids/import/twilio", Map.of("segment", "pdx")).expect(200);
        String id = TwilioImportTest.find(tenant.api(), "+15030000000").get("id").asString();
        String sid = numbers.get(0).get("sid").asString();
        TWILIO.stubFor(releaseRequest(account, sid).willReturn(twilioError(500, 20500, "Internal Server Error")));

        JsonNode refused = tenant.api().post("/api/asterisk-dids/" + id + "/release", Map.of("onTwilio", true))
                .expect(502).json();

        assertThat(refused.get("detail").asString()).contains("+15030000000 is released in didpool",
                "release it again to retry");
        TWILIO.verify(3, deleteRequestedFor(urlPathEqualTo(accountPath(account, "IncomingPhoneNumbers/" + sid
                + ".json"))));
        assertThat(tenant.api().get("/api/asterisk-dids/" + id).expect(200).json().get("status").asString())
                .as("out of rotation whatever Twilio answered").isEqualTo("released");
        tenant.api().post("/api/asterisk-dids/allocate", Map.of("segment", "pdx")).expect(409);

        TWILIO.stubFor(releaseRequest(account, sid).willReturn(aResponse().withStatus(204)));
        tenant.api().post("/api/asterisk-dids/" + id + "/release", Map.of("onTwilio", true)).expect(200);
        TWILIO.verify(4, deleteRequestedFor(urlPathEqualTo(accountPath(account, "IncomingPhoneNumbers/" + sid
                + ".json"))));
    }

    @Test
    void aDidWithACallInProgressIsNotReleased() {
        Owned tenant = ownedTenant(newAccountSid(), newAuthToken());
        JsonNode did = tenant.api().createDid("+19175550123", "nyc");
        String id = did.get("id").asString();
        UUID journey = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        jdbc.update("INSERT INTO journeys (id, tenant_id, name) VALUES (?, CAST(? AS uuid), 'in flight')", journey,
                tenant.id());
        jdbc.update("INSERT INTO journey_executions (id, tenant_id, journey_id, contact_number, status)"
                + " VALUES (?, CAST(? AS uuid), ?, '+12125550199', 'RUNNING')", execution, tenant.id(), journey);
        UUID call = UUID.randomUUID();
        jdbc.update("INSERT INTO calls (id, tenant_id, execution_id, step, node_id, flow_id, trunk, state,"
                + " destination, did_id, did_number, owner, claimed_at) VALUES (?, CAST(? AS uuid), ?, 0, ?, ?,"
                + " 'TWILIO', 'DIALING', '+12125550199', CAST(? AS uuid), '+19175550123', 'elsewhere', now())",
                call, tenant.id(), execution, UUID.randomUUID(), execution, id);
        try {
            assertThat(tenant.api().post("/api/asterisk-dids/" + id + "/release", Map.of()).expect(409).body())
                    .contains("in progress");
            assertThat(tenant.api().get("/api/asterisk-dids/" + id).expect(200).json().get("status").asString())
                    .isEqualTo("active");
        } finally {
            jdbc.update("UPDATE calls SET state = 'ENDED', ended_at = now() WHERE id = ?", call);
        }
        tenant.api().post("/api/asterisk-dids/" + id + "/release", null).expect(200);
    }
}
