package io.didpool.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.didpool.twilio.TwilioImportTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Buying numbers at Twilio: search, price, buy, add as DIDs, associate with the trunk; the daily limit. */
class NumberPurchaseTest extends NumberLifecycleSupport {

    private static final String PURCHASE = "/api/twilio/numbers/purchase";

    @Test
    void aDryRunShowsWhatItWouldBuyAndAtWhatPriceAndBuysNothing() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        stubAvailable(account, "AreaCode", "415", List.of("+14155550101", "+14155550102"));
        stubPricing(account, token, "1.15");

        JsonNode preview = tenant.api().post(PURCHASE, Map.of("areaCode", "415", "count", 2, "segment", "sf",
                "dryRun", true)).expect(200).json();

        assertThat(preview.get("candidates").findValuesAsString("number"))
                .containsExactly("+14155550101", "+14155550102");
        assertThat(preview.get("candidates").get(0).get("monthlyPrice").decimalValue()).isEqualByComparingTo("1.15");
        assertThat(preview.get("bought").size()).isZero();
        assertThat(preview.get("failed").size()).isZero();
        TWILIO.verify(0, postRequestedFor(urlPathEqualTo(numbersPath(account))));
        assertThat(tenant.api().get("/api/asterisk-dids").expect(200).json().get("total").asLong()).isZero();
        // a dry run needs no purchase allowance; a search is one of areaCode, region, nearNumber
        assertThat(tenant.api().post(PURCHASE, Map.of("areaCode", "415", "region", "CA", "dryRun", true)).status())
                .isEqualTo(400);
        assertThat(tenant.api().post(PURCHASE, Map.of("areaCode", "4155", "dryRun", true)).body())
                .contains("areaCode");
    }

    @Test
    void buysEachNumberAddsItAndPutsItOnTheTwilioTrunkRetryingTwilio429And5xx() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        admin().put("/api/admin/tenants/" + tenant.id() + "/twilio-limits", Map.of("purchasesPerDay", 5)).expect(200);
        String trunk = newTrunkName();
        String trunkSid = newTrunkSid();
        link(trunk, trunkSid, tenant.id());
        stubAvailable(account, "InRegion", "NY", List.of("+12125550101", "+12125550102"));
        stubPricing(account, token, "1.15");
        String sid1 = newSid();
        String sid2 = newSid();
        // the first purchase meets a 429 and the second association a 503: each is tried again
        String scenario = "buy-" + account;
        TWILIO.stubFor(buyRequest(account, "+12125550101").inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("again")
                .willReturn(twilioError(429, 20429, "Too Many Requests")));
        TWILIO.stubFor(buyRequest(account, "+12125550101").inScenario(scenario).whenScenarioStateIs("again")
                .willReturn(bought("+12125550101", sid1)));
        TWILIO.stubFor(buyRequest(account, "+12125550102").willReturn(bought("+12125550102", sid2)));
        TWILIO.stubFor(associateRequest(trunkSid, sid1).willReturn(associated(trunkSid, "+12125550101", sid1)));
        String association = "associate-" + account;
        TWILIO.stubFor(associateRequest(trunkSid, sid2).inScenario(association)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("again")
                .willReturn(twilioError(503, 20503, "Service Unavailable")));
        TWILIO.stubFor(associateRequest(trunkSid, sid2).inScenario(association).whenScenarioStateIs("again")
                .willReturn(associated(trunkSid, "+12125550102", sid2)));

        JsonNode result = tenant.api().post(PURCHASE, Map.of("region", "NY", "count", 2, "segment", "ny-gap",
                "trunk", trunk)).expect(200).json();

        assertThat(result.get("failed").size()).isZero();
        assertThat(result.get("bought").findValuesAsString("number")).containsExactly("+12125550101", "+12125550102");
        for (JsonNode did : result.get("bought")) {
            assertThat(did.get("status").asString()).isEqualTo("active");
            assertThat(did.get("segment").asString()).isEqualTo("ny-gap");
            assertThat(did.get("trunk").asString()).isEqualTo(trunk);
            assertThat(did.get("ownership").asString()).isEqualTo("ON_ACCOUNT");
            assertThat(did.get("provider").asString()).isEqualTo("Twilio");
        }
        assertThat(find(tenant.api(), "+12125550101").get("providerSid").asString()).isEqualTo(sid1);
        TWILIO.verify(3, postRequestedFor(urlPathEqualTo(numbersPath(account))));
        TWILIO.verify(3, postRequestedFor(urlPathEqualTo(trunkNumbersPath(trunkSid))));
        // each step is in the audit trail
        JsonNode audit = tenant.api().get("/api/audit?entity=did&size=50").expect(200).json().get("items");
        assertThat(audit.findValuesAsString("action")).contains("twilio-buy", "twilio-associate");
        assertThat(admin().get("/api/admin/tenants/" + tenant.id() + "/twilio-limits").expect(200).json()
                .get("boughtLast24Hours").asLong()).isEqualTo(2);
    }

    @Test
    void aNumberBoughtThatFailsToGoOnTheTrunkIsKeptInactiveAndReported() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        admin().put("/api/admin/tenants/" + tenant.id() + "/twilio-limits", Map.of("purchasesPerDay", 5)).expect(200);
        String trunk = newTrunkName();
        String trunkSid = newTrunkSid();
        link(trunk, trunkSid, tenant.id());
        stubAvailable(account, "NearNumber", "+13125550100", List.of("+13125550177", "+13125550178"));
        String sid = newSid();
        TWILIO.stubFor(buyRequest(account, "+13125550177").willReturn(bought("+13125550177", sid)));
        // sold to someone else meanwhile: Twilio refuses, and the account does not have it
        TWILIO.stubFor(buyRequest(account, "+13125550178").willReturn(twilioError(400, 21422,
                "Phone number is not available")));
        TWILIO.stubFor(associateRequest(trunkSid, sid).willReturn(twilioError(400, 21212, "Invalid phone number")));

        JsonNode result = tenant.api().post(PURCHASE, Map.of("nearNumber", "+13125550100", "count", 2,
                "segment", "chi", "trunk", trunk)).expect(200).json();

        // no price from the Pricing API: null
        assertThat(result.get("candidates").get(0).get("monthlyPrice").isNull()).isTrue();
        JsonNode failure = result.get("failed").get(0);
        assertThat(failure.get("number").asString()).isEqualTo("+13125550177");
        assertThat(failure.get("step").asString()).isEqualTo("ASSOCIATE");
        assertThat(failure.get("reason").asString()).contains("inactive", "trunk-sync");
        JsonNode kept = find(tenant.api(), "+13125550177");
        assertThat(kept.get("status").asString()).isEqualTo("inactive");
        assertThat(kept.get("providerSid").asString()).isEqualTo(sid);
        assertThat(result.get("bought").findValuesAsString("number")).containsExactly("+13125550177");
        JsonNode notBought = result.get("failed").get(1);
        assertThat(notBought.get("number").asString()).isEqualTo("+13125550178");
        assertThat(notBought.get("step").asString()).isEqualTo("BUY");
        assertThat(notBought.get("reason").asString()).contains("21422");
        assertThat(tenant.api().get("/api/asterisk-dids?q=3125550178").expect(200).json().get("total").asLong())
                .isZero();
        // only the number bought counts against the limit
        assertThat(admin().get("/api/admin/tenants/" + tenant.id() + "/twilio-limits").expect(200).json()
                .get("boughtLast24Hours").asLong()).isEqualTo(1);
    }

    @Test
    void theDailyLimitRefusesAPurchaseThatWouldGoOverIt() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        stubAvailable(account, "AreaCode", "646", List.of("+16465550101"));
        TWILIO.stubFor(buyRequest(account, "+16465550101").willReturn(bought("+16465550101", newSid())));
        Map<String, Object> order = new HashMap<>(Map.of("areaCode", "646", "count", 1, "segment", "nyc"));

        // no limit set: no purchase at all
        assertThat(tenant.api().post(PURCHASE, order).expect(409).body()).contains("twilio-limits");
        admin().put("/api/admin/tenants/" + tenant.id() + "/twilio-limits", Map.of("purchasesPerDay", 1)).expect(200);
        tenant.api().post(PURCHASE, order).expect(200);
        assertThat(tenant.api().post(PURCHASE, order).expect(409).body()).contains("bought 1 in the last 24 hours");

        TWILIO.verify(1, postRequestedFor(urlPathEqualTo(numbersPath(account))));
        assertThat(admin().put("/api/admin/tenants/" + tenant.id() + "/twilio-limits",
                Map.of("purchasesPerDay", -1)).status()).isEqualTo(400);
        admin().put("/api/admin/tenants/00000000-0000-0000-0000-000000000001/twilio-limits",
                Map.of("purchasesPerDay", 1)).expect(404);
    }
}
