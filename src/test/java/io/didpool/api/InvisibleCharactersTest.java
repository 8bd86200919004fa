package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Names refuse what would make two of them look alike or is not text at all: format characters (zero-width space and
 * joiner, U+FEFF, tags), noncharacters and a surrogate without its pair, in every body that takes a name. The JSON is
 * sent with {@code \\u} escapes, as a client would send a lone surrogate (UTF-8 cannot carry one).
 */
class InvisibleCharactersTest extends IntegrationTest {

    private ApiClient admin;
    private String tenantId;
    private ApiClient tenant;
    private String did;
    private String journey;

    @BeforeEach
    void aTenantWithADidAndAJourney() {
        admin = admin();
        JsonNode created = admin.post("/api/admin/tenants", Map.of("name", "names-" + UUID.randomUUID()))
                .expect(201).json();
        tenantId = created.get("id").asString();
        tenant = api().withToken(created.get("apiKey").asString());
        did = tenant.post("/api/asterisk-dids", Map.of("number", "+14155550800", "segment", "names")).expect(201)
                .json().get("id").asString();
        journey = tenant.post("/api/journeys", Map.of("name", "fine", "nodes", List.of(Map.of("type", "MAKE_CALL",
                "config", Map.of("didSegment", "names"))))).expect(201).json().get("id").asString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            zero width space U+200B        | \\u200b
            zero width joiner U+200D       | \\u200d
            byte order mark U+FEFF         | \\ufeff
            tag latin capital A U+E0041    | \\udb40\\udc41
            noncharacter U+FFFF            | \\uffff
            noncharacter U+FDD0            | \\ufdd0
            noncharacter U+10FFFE          | \\udbff\\udffe
            lone high surrogate U+D800     | \\ud800
            lone low surrogate U+DC00      | \\udc00
            word joiner U+2060             | \\u2060
            soft hyphen U+00AD             | \\u00ad
            """)
    void aTenantNameWithItIsRefusedAndNotStored(String what, String escape) {
        String name = "acme" + escape + "-" + UUID.randomUUID();

        assertRefused(what, admin.post("/api/admin/tenants", "{\"name\":\"" + name + "\"}"), "name");

        assertThat(admin.get("/api/admin/tenants").expect(200).body()).as(what).doesNotContain(name.substring(name
                .lastIndexOf('-') + 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            zero width space U+200B        | \\u200b
            zero width joiner U+200D       | \\u200d
            byte order mark U+FEFF         | \\ufeff
            tag latin capital A U+E0041    | \\udb40\\udc41
            noncharacter U+FFFF            | \\uffff
            lone high surrogate U+D800     | \\ud800
            """)
    void everyOtherNameRefusesIt(String what, String escape) {
        String name = "pay" + escape + "pal";

        assertRefused(what, admin.post("/api/admin/tenants/" + tenantId + "/keys", body("name", name)), "name");
        assertRefused(what, tenant.post("/api/asterisk-dids",
                "{\"number\":\"+14155550801\",\"friendlyName\":\"" + name + "\"}"), "friendlyName");
        assertRefused(what, tenant.put("/api/asterisk-dids/" + did, body("friendlyName", name)), "friendlyName");
        assertRefused(what, tenant.post("/api/journeys", "{\"name\":\"" + name + "\",\"nodes\":[]}"), "name");
        assertRefused(what, tenant.put("/api/journeys/" + journey, "{\"name\":\"" + name + "\",\"nodes\":[]}"),
                "name");
        assertRefused(what, tenant.post("/api/campaigns", "{\"journeyId\":\"" + journey + "\",\"name\":\"" + name
                + "\",\"contacts\":[{\"phoneNumber\":\"+14155550123\"}]}"), "name");
        assertRefused(what, tenant.put("/api/asterisk-dids/segments/names", body("description", name)),
                "description");

        assertThat(tenant.get("/api/asterisk-dids").expect(200).json().get("total").asLong()).isEqualTo(1);
        assertThat(tenant.get("/api/asterisk-dids/" + did).expect(200).json().get("friendlyName").isNull()).isTrue();
        assertThat(tenant.get("/api/journeys/" + journey).expect(200).json().get("name").asString())
                .isEqualTo("fine");
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("total").asLong()).isZero();
    }

    /** UTF-8 cannot encode a surrogate; its three bytes (CESU-8, as some encoders write it) are refused too. */
    @Test
    void aSurrogateWrittenAsUtf8BytesIsRefused() {
        byte[] prefix = "{\"name\":\"acme".getBytes(StandardCharsets.UTF_8);
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + surrogate.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(surrogate, 0, body, prefix.length, surrogate.length);
        System.arraycopy(suffix, 0, body, prefix.length + surrogate.length, suffix.length);

        ApiClient.Response response = admin.send("POST", "/api/admin/tenants",
                HttpRequest.BodyPublishers.ofByteArray(body));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(admin.get("/api/admin/tenants").expect(200).json().get("items").valueStream()
                .map(t -> t.get("name").asString())).doesNotContain("acme?", "acme\uD800", "acme\uFFFD");
    }

    @Test
    void aCsvImportedFriendlyNameWithItIsARowError() {
        JsonNode result = tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv",
                "number,friendlyName\n+14155550802,pay\u200Bpal\n+14155550803,paypal\n").expect(200).json();

        assertThat(result.get("created").asLong()).isEqualTo(1);
        assertThat(result.get("failed").asLong()).isEqualTo(1);
        assertThat(result.get("errors").get(0).get("reason").asString()).contains(PlainText.MESSAGE);
    }

    private static String body(String field, String escapedValue) {
        return "{\"" + field + "\":\"" + escapedValue + "\"}";
    }

    private static void assertRefused(String what, ApiClient.Response response, String field) {
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(400);
        // the value is echoed with the refused character shown as ?, never the character itself
        assertThat(response.json().get("detail").asString()).as(what).startsWith(field + ": " + PlainText.MESSAGE
                + " (got \"").contains("?").doesNotContainPattern("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{Cn}]");
    }
}
