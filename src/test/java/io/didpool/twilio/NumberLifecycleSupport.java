package io.didpool.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.TwilioSimulator;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Twilio's REST API of a number's lifecycle, as WireMock plays it with the JSON Twilio documents: available local
 * numbers, the Pricing API's country prices, buying and releasing IncomingPhoneNumbers, an Elastic SIP Trunk's
 * PhoneNumbers (Trunking v1, whose pages carry {@code meta}), and OutgoingCallerIds.
 */
abstract class NumberLifecycleSupport extends TwilioTestSupport {

    private static final SecureRandom RANDOM = new SecureRandom();

    static String newTrunkSid() {
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        return "TK" + HexFormat.of().formatHex(raw);
    }

    /** A trunk name no other test uses. */
    static String newTrunkName() {
        return "TW_" + newTrunkSid().substring(2, 14);
    }

    static String accountPath(String account, String rest) {
        return TwilioSimulator.accountPath(account, rest);
    }

    static void stubAvailable(String account, String param, String value, List<String> numbers) {
        TwilioSimulator.stubAvailable(account, param, value, numbers);
    }

    static void stubPricing(String account, String token, String local) {
        TwilioSimulator.stubPricing(account, token, local);
    }

    static MappingBuilder buyRequest(String account, String number) {
        return TwilioSimulator.buyRequest(account, number);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder bought(String number, String sid) {
        return TwilioSimulator.bought(number, sid);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, JsonNode body) {
        return TwilioSimulator.json(status, body);
    }

    static String trunkNumbersPath(String trunkSid) {
        return "/v1/Trunks/" + trunkSid + "/PhoneNumbers";
    }

    /** Links {@code trunk} to the Twilio trunk, reached with the credentials of the tenant {@code owner}. */
    void link(String trunk, String trunkSid, String owner) {
        admin().put("/api/admin/trunks/" + trunk, Map.of("callsPerSecond", 1000, "twilioTrunkSid", trunkSid,
                "twilioTenant", owner)).expect(200);
    }

    /** A new tenant with stored credentials {@code account} / {@code token}, and its id. */
    Owned ownedTenant(String account, String token) {
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "lifecycle-" + java.util.UUID.randomUUID()))
                .expect(201).json();
        ApiClient tenant = api().withToken(created.get("apiKey").asString());
        tenant.put("/api/twilio/credentials", Map.of("accountSid", account, "authToken", token)).expect(204);
        return new Owned(tenant, created.get("id").asString());
    }

    record Owned(ApiClient api, String id) {
    }

    /** The Elastic SIP Trunk's numbers ({@code numbers}: number → PN SID). */
    static void stubTrunkNumbers(String trunkSid, Map<String, String> numbers) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("phone_numbers");
        numbers.forEach((number, sid) -> items.add(trunkNumber(trunkSid, number, sid)));
        ObjectNode meta = page.putObject("meta");
        String url = "https://trunking.twilio.com" + trunkNumbersPath(trunkSid);
        meta.put("page", 0);
        meta.put("page_size", 1000);
        meta.put("first_page_url", url + "?PageSize=1000&Page=0");
        meta.putNull("previous_page_url");
        meta.put("url", url + "?PageSize=1000&Page=0");
        meta.putNull("next_page_url");
        meta.put("key", "phone_numbers");
        TWILIO.stubFor(get(urlPathEqualTo(trunkNumbersPath(trunkSid))).willReturn(json(200, page)));
    }

    /** An association of a number with the trunk, as Trunking v1 answers it. */
    static MappingBuilder associateRequest(String trunkSid, String numberSid) {
        return post(urlPathEqualTo(trunkNumbersPath(trunkSid)))
                .withRequestBody(equalTo("PhoneNumberSid=" + numberSid));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder associated(String trunkSid,
            String number, String sid) {
        return json(201, trunkNumber(trunkSid, number, sid));
    }

    private static ObjectNode trunkNumber(String trunkSid, String number, String sid) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_sid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        n.put("address_requirements", "none");
        n.put("api_version", "2010-04-01");
        n.put("beta", false);
        n.putObject("capabilities").put("mms", true).put("sms", true).put("voice", true);
        n.put("date_created", "2015-01-02T11:23:45Z");
        n.put("date_updated", "2015-01-02T11:23:45Z");
        n.put("friendly_name", "friendly_name");
        n.putObject("links").put("phone_number", "https://api.twilio.com/2010-04-01/Accounts/ACaaaa/IncomingPhoneNumbers/"
                + sid + ".json");
        n.put("phone_number", number);
        n.put("sid", sid);
        n.put("sms_application_sid", "");
        n.put("sms_fallback_method", "POST");
        n.put("sms_fallback_url", "");
        n.put("sms_method", "POST");
        n.put("sms_url", "");
        n.put("status_callback", "");
        n.put("status_callback_method", "POST");
        n.put("trunk_sid", trunkSid);
        n.put("url", "https://trunking.twilio.com/v1/Trunks/" + trunkSid + "/PhoneNumbers/" + sid);
        n.put("voice_application_sid", "");
        n.put("voice_caller_id_lookup", false);
        n.put("voice_fallback_method", "POST");
        n.put("voice_fallback_url", "");
        n.put("voice_method", "POST");
        n.put("voice_url", "");
        return n;
    }

    /** The account's verified caller IDs. */
    static void stubCallerIds(String account, String token, List<String> numbers) {
        String path = accountPath(account, "OutgoingCallerIds.json");
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("outgoing_caller_ids");
        for (String number : numbers) {
            ObjectNode n = items.addObject();
            n.put("account_sid", account);
            n.put("date_created", "Fri, 21 Aug 2009 00:11:24 +0000");
            n.put("date_updated", "Fri, 21 Aug 2009 00:11:24 +0000");
            n.put("friendly_name", number);
            n.put("phone_number", number);
            String sid = "PN" + HexFormat.of().formatHex(new byte[16]);
            n.put("sid", sid);
            n.put("uri", accountPath(account, "OutgoingCallerIds/" + sid + ".json"));
        }
        TwilioSimulator.onlyPage(page, path, numbers.size(), 1000);
        TWILIO.stubFor(get(urlPathEqualTo(path)).withBasicAuth(account, token).willReturn(json(200, page)));
    }

    static MappingBuilder releaseRequest(String account, String sid) {
        return delete(urlPathEqualTo(accountPath(account, "IncomingPhoneNumbers/" + sid + ".json")));
    }

    static String newSid() {
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        return "PN" + HexFormat.of().formatHex(raw);
    }
}
