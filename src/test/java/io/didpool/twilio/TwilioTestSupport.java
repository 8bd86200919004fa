package io.didpool.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.TwilioSimulator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of the Twilio tests: {@link TwilioSimulator}'s WireMock server plays Twilio's REST API, with the JSON Twilio documents
 * for IncomingPhoneNumbers (paging fields, capabilities object, SIDs) and for its errors. Every test works in an
 * account SID of its own, so that stubs of different tests never meet. They share the one application context of {@link IntegrationTest}.
 */
abstract class TwilioTestSupport extends IntegrationTest {

    static final WireMockServer TWILIO = TwilioSimulator.SERVER;
    static final JsonMapper JSON = TwilioSimulator.JSON;
    private static final SecureRandom RANDOM = new SecureRandom();

    static String newAccountSid() {
        return "AC" + hex(16);
    }

    static String newAuthToken() {
        return hex(16);
    }

    private static String hex(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    static String numbersPath(String account) {
        return TwilioSimulator.numbersPath(account);
    }

    /** One IncomingPhoneNumber as Twilio documents it. */
    static ObjectNode number(String phoneNumber, String sid, String friendlyName, boolean voice, boolean sms,
            boolean mms) {
        return TwilioSimulator.number(phoneNumber, sid, friendlyName, voice, sms, mms);
    }

    /** A tenant whose stored credentials are {@code account} / {@code token}. */
    ApiClient tenantWithCredentials(String account, String token) {
        ApiClient tenant = newTenant();
        tenant.put("/api/twilio/credentials", Map.of("accountSid", account, "authToken", token)).expect(204);
        return tenant;
    }

    /** {@code count} valid numbers, +1 (area) 555 then the index. */
    static List<ObjectNode> numbers(String area, int count) {
        List<ObjectNode> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String suffix = String.format("%07d", i);
            numbers.add(number("+1" + area + suffix, "PN" + hex(16),
                    "(" + area + ") " + suffix.substring(0, 3) + "-" + suffix.substring(3), true, i % 2 == 0,
                    i % 3 == 0));
        }
        return numbers;
    }

    /**
     * Serves {@code numbers} as the account's IncomingPhoneNumbers, {@code pageSize} a page, chained by
     * {@code next_page_uri} with page tokens as Twilio does; only to requests with the account's credentials.
     * Returns the stub of each page, in order.
     */
    static List<StubMapping> stubNumbers(String account, String token, List<ObjectNode> numbers, int pageSize) {
        List<StubMapping> stubs = new ArrayList<>();
        int pages = Math.max(1, (numbers.size() + pageSize - 1) / pageSize);
        for (int p = 0; p < pages; p++) {
            List<ObjectNode> records = numbers.subList(p * pageSize, Math.min(numbers.size(), (p + 1) * pageSize));
            stubs.add(TWILIO.stubFor(pageRequest(account, p).withBasicAuth(account, token)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(page(account, p, pages, pageSize, records)))));
        }
        return stubs;
    }

    /** The request of page {@code p} of the account's numbers, whatever the credentials. */
    static MappingBuilder pageRequest(String account, int p) {
        MappingBuilder request = get(urlPathEqualTo(numbersPath(account)));
        return p == 0 ? request.withQueryParam("PageToken", absent())
                : request.withQueryParam("PageToken", equalTo(pageToken(account, p)));
    }

    static String page(String account, int p, int pages, int pageSize, List<ObjectNode> records) {
        String path = numbersPath(account);
        ObjectNode page = JSON.createObjectNode();
        page.put("end", p * pageSize + Math.max(records.size(), 1) - 1);
        page.put("first_page_uri", path + "?PageSize=" + pageSize + "&Page=0");
        ArrayNode items = page.putArray("incoming_phone_numbers");
        records.forEach(items::add);
        if (p + 1 < pages) {
            page.put("next_page_uri", path + "?PageSize=" + pageSize + "&Page=" + (p + 1) + "&PageToken="
                    + pageToken(account, p + 1));
        } else {
            page.putNull("next_page_uri");
        }
        page.put("page", p);
        page.put("page_size", pageSize);
        if (p == 0) {
            page.putNull("previous_page_uri");
        } else {
            page.put("previous_page_uri", path + "?PageSize=" + pageSize + "&Page=" + (p - 1) + "&PageToken="
                    + pageToken(account, p - 1));
        }
        page.put("start", p * pageSize);
        page.put("uri", path + "?PageSize=" + pageSize + (p == 0 ? "" : "&Page=" + p + "&PageToken="
                + pageToken(account, p)));
        return JSON.writeValueAsString(page);
    }

    static String pageToken(String account, int p) {
        return "PA" + account.substring(2, 12) + "p" + p;
    }

    /** An error as Twilio answers it: {@code {"code","message","more_info","status"}}. */
    static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        error.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        error.put("status", status);
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(error));
    }
}
