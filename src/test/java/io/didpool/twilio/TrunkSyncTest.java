package io.didpool.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.didpool.twilio.TwilioImportTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A trunk linked to its Twilio Elastic SIP Trunk, and every DID of it put on that trunk. */
class TrunkSyncTest extends NumberLifecycleSupport {

    private static final String SYNC = "/api/twilio/trunk-sync";

    @Test
    void aTrunkNamesItsTwilioTrunkAndATenantWhoseCredentialsReachIt() {
        String trunk = newTrunkName();
        String trunkSid = newTrunkSid();
        Owned owner = ownedTenant(newAccountSid(), newAuthToken());
        String withoutCredentials = admin().post("/api/admin/tenants", Map.of("name", "no-creds-" + trunkSid))
                .expect(201).json().get("id").asString();

        assertThat(admin().put("/api/admin/trunks/" + trunk, Map.of("twilioTrunkSid", "TK123", "twilioTenant",
                owner.id())).expect(400).body()).contains("twilioTrunkSid");
        assertThat(admin().put("/api/admin/trunks/" + trunk, Map.of("twilioTrunkSid", trunkSid)).expect(400).body())
                .contains("twilioTenant");
        assertThat(admin().put("/api/admin/trunks/" + trunk, Map.of("twilioTrunkSid", trunkSid, "twilioTenant",
                withoutCredentials)).expect(422).body()).contains("no Twilio credentials");
        assertThat(admin().put("/api/admin/trunks/" + trunk, Map.of("twilioTrunkSid", trunkSid, "twilioTenant",
                "00000000-0000-0000-0000-000000000001")).status()).isEqualTo(422);

        JsonNode linked = admin().put("/api/admin/trunks/" + trunk, Map.of("twilioTrunkSid", trunkSid,
                "twilioTenant", owner.id())).expect(200).json();
        assertThat(linked.get("twilioTrunkSid").asString()).isEqualTo(trunkSid);
        assertThat(linked.get("twilioTenant").asString()).isEqualTo(owner.id());
        assertThat(admin().get("/api/admin/trunks/" + trunk).expect(200).json().get("twilioTrunkSid").asString())
                .isEqualTo(trunkSid);
    }

    @Test
    void associatesEveryDidOfTheTrunkAndListsTheTwilioNumbersNoDidHolds() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        String trunk = newTrunkName();
        String trunkSid = newTrunkSid();
        link(trunk, trunkSid, tenant.id());
        // the account: three numbers; the Twilio trunk holds the first and one didpool does not know
        List<ObjectNode> numbers = numbers("505", 3);
        stubNumbers(account, token, numbers, 50);
        String first = numbers.get(0).get("phone_number").asString();
        String second = numbers.get(1).get("phone_number").asString();
        String secondSid = numbers.get(1).get("sid").asString();
        stubTrunkNumbers(trunkSid, Map.of(first, numbers.get(0).get("sid").asString(), "+15059990000", newSid()));
        TWILIO.stubFor(associateRequest(trunkSid, secondSid).willReturn(associated(trunkSid, second, secondSid)));
        for (String number : List.of(first, second, "+15058880000")) {
            Map<String, Object> did = new HashMap<>(Map.of("number", number, "segment", "abq", "trunk", trunk));
            tenant.api().post("/api/asterisk-dids", did).expect(201);
        }

        JsonNode preview = tenant.api().post(SYNC + "?dryRun=true", Map.of("trunk", trunk)).expect(200).json();
        TWILIO.verify(0, postRequestedFor(urlPathEqualTo(trunkNumbersPath(trunkSid))));
        assertThat(find(tenant.api(), second).get("providerSid").isNull()).isTrue();
        JsonNode result = tenant.api().post(SYNC, Map.of("trunk", trunk)).expect(200).json();

        for (JsonNode answer : List.of(preview, result)) {
            assertThat(answer.get("associated").asLong()).isEqualTo(1);
            assertThat(answer.get("alreadyAssociated").asLong()).isEqualTo(1);
            assertThat(answer.get("notInDidpool").get(0).asString()).isEqualTo("+15059990000");
            assertThat(answer.get("failed").get(0).get("number").asString()).isEqualTo("+15058880000");
            assertThat(answer.get("failed").get(0).get("reason").asString()).contains("not a number of account");
        }
        TWILIO.verify(1, postRequestedFor(urlPathEqualTo(trunkNumbersPath(trunkSid))));
        // the SID looked up is kept on the DID
        assertThat(find(tenant.api(), second).get("providerSid").asString()).isEqualTo(secondSid);
        // a trunk with no Twilio trunk cannot be synced
        assertThat(tenant.api().post(SYNC, Map.of("trunk", newTrunkName())).status()).isEqualTo(409);
        assertThat(tenant.api().post(SYNC, Map.of("trunk", "no such trunk")).status()).isEqualTo(400);
    }
}
