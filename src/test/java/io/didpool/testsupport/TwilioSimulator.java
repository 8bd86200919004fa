package io.didpool.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Twilio's REST API for every integration test: one WireMock server for the JVM, which the shared application
 * context ({@link IntegrationTest}) reaches as its Twilio, and the JSON Twilio documents for the resources more than
 * one package's tests stub (IncomingPhoneNumbers, available local numbers, the Pricing API). Each test works in an
 * account SID of its own, so that stubs of different tests never meet.
 */
public final class TwilioSimulator {

    public static final WireMockServer SERVER = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    public static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        SERVER.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
    }

    private TwilioSimulator() {
    }

    /** The service's Twilio is this server, retried quickly (20 ms back-off, three attempts, 2 s timeout). */
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("didpool.twilio.base-url", SERVER::baseUrl);
        registry.add("didpool.twilio.max-attempts", () -> "3");
        registry.add("didpool.twilio.retry-base-delay", () -> "20ms");
        registry.add("didpool.twilio.retry-max-delay", () -> "3s");
        registry.add("didpool.twilio.timeout", () -> "2s");
    }

    public static String accountPath(String account, String rest) {
        return "/2010-04-01/Accounts/" + account + "/" + rest;
    }

    public static String numbersPath(String account) {
        return accountPath(account, "IncomingPhoneNumbers.json");
    }

    /** One IncomingPhoneNumber as Twilio documents it. */
    public static ObjectNode number(String phoneNumber, String sid, String friendlyName, boolean voice, boolean sms,
            boolean mms) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_sid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        n.put("address_requirements", "none");
        n.putNull("address_sid");
        n.put("api_version", "2010-04-01");
        n.put("beta", false);
        ObjectNode capabilities = n.putObject("capabilities");
        capabilities.put("fax", false);
        capabilities.put("mms", mms);
        capabilities.put("sms", sms);
        capabilities.put("voice", voice);
        n.put("date_created", "Thu, 30 Jul 2015 23:19:04 +0000");
        n.put("date_updated", "Thu, 30 Jul 2015 23:19:04 +0000");
        n.put("emergency_status", "Active");
        n.putNull("emergency_address_sid");
        n.put("emergency_address_status", "unregistered");
        n.put("friendly_name", friendlyName);
        n.putNull("identity_sid");
        n.put("origin", "twilio");
        n.put("phone_number", phoneNumber);
        n.put("sid", sid);
        n.put("sms_application_sid", "");
        n.put("sms_fallback_method", "POST");
        n.put("sms_fallback_url", "");
        n.put("sms_method", "POST");
        n.put("sms_url", "");
        n.put("status_callback", "");
        n.put("status_callback_method", "POST");
        n.putNull("trunk_sid");
        n.put("uri", "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/IncomingPhoneNumbers/" + sid + ".json");
        n.put("voice_application_sid", "");
        n.put("voice_caller_id_lookup", false);
        n.put("voice_fallback_method", "POST");
        n.putNull("voice_fallback_url");
        n.put("voice_method", "POST");
        n.putNull("voice_url");
        n.put("voice_receive_mode", "voice");
        n.put("status", "in-use");
        return n;
    }

    /**
     * Twilio's paging fields of a list answer that is its own only page: {@code records} of them at {@code path},
     * {@code pageSize} a page. (A list of several pages: TwilioTestSupport.page.)
     */
    public static void onlyPage(ObjectNode page, String path, int records, int pageSize) {
        page.put("end", Math.max(records, 1) - 1);
        page.put("first_page_uri", path + "?PageSize=" + pageSize + "&Page=0");
        page.putNull("next_page_uri");
        page.put("page", 0);
        page.put("page_size", pageSize);
        page.putNull("previous_page_uri");
        page.put("start", 0);
        page.put("uri", path + "?PageSize=" + pageSize);
    }

    /** Serves {@code numbers} for sale for the search {@code param}={@code value}. */
    public static void stubAvailable(String account, String param, String value, List<String> numbers) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("available_phone_numbers");
        for (String number : numbers) {
            ObjectNode n = items.addObject();
            n.put("friendly_name", "(" + number.substring(2, 5) + ") " + number.substring(5, 8) + "-"
                    + number.substring(8));
            n.put("phone_number", number);
            n.put("lata", "722");
            n.put("locality", "San Francisco");
            n.put("rate_center", "SNFC CA");
            n.put("latitude", "37.770000");
            n.put("longitude", "-122.410000");
            n.put("region", "CA");
            n.put("postal_code", "94103");
            n.put("iso_country", "US");
            n.put("address_requirements", "none");
            n.put("beta", false);
            ObjectNode capabilities = n.putObject("capabilities");
            capabilities.put("voice", true);
            capabilities.put("sms", true);
            capabilities.put("mms", false);
        }
        String path = accountPath(account, "AvailablePhoneNumbers/US/Local.json");
        onlyPage(page, path, numbers.size(), 50);
        SERVER.stubFor(get(urlPathEqualTo(path)).withQueryParam(param, equalTo(value))
                .willReturn(json(200, page)));
    }

    /** The Pricing API's prices of US numbers for the account: a local number {@code local} a month. */
    public static void stubPricing(String account, String token, String local) {
        ObjectNode country = JSON.createObjectNode();
        country.put("country", "United States");
        country.put("iso_country", "US");
        ArrayNode prices = country.putArray("phone_number_prices");
        prices.addObject().put("number_type", "local").put("base_price", local).put("current_price", local);
        prices.addObject().put("number_type", "toll free").put("base_price", "2.15").put("current_price", "2.15");
        country.put("price_unit", "USD");
        country.put("url", "https://pricing.twilio.com/v1/PhoneNumbers/Countries/US");
        SERVER.stubFor(get(urlPathEqualTo("/v1/PhoneNumbers/Countries/US")).withBasicAuth(account, token)
                .willReturn(json(200, country)));
    }

    /** The purchase of {@code number} on the account: the new IncomingPhoneNumber, SID {@code sid}. */
    public static MappingBuilder buyRequest(String account, String number) {
        return post(urlPathEqualTo(numbersPath(account)))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "PhoneNumber=" + java.net.URLEncoder.encode(number, java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder bought(String number, String sid) {
        return json(201, number(number, sid, "(" + number.substring(2, 5) + ") " + number.substring(5, 8) + "-"
                + number.substring(8), true, true, false));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, JsonNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(body));
    }

}
