package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * What a request may send: bodies capped per endpoint (413), JSON strings and nesting capped (400 naming the field),
 * and names free of the characters that make text display as something else.
 */
class InputLimitsTest extends IntegrationTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void refusesABodyOverOneMebibyteWith413WhetherItsLengthIsDeclaredOrNot() {
        ApiClient tenant = newTenant();
        String over = didPaddedTo("+14155550701", MIB + 1024);
        for (HttpRequest.BodyPublisher body : List.of(HttpRequest.BodyPublishers.ofString(over), chunked(over))) {
            ApiClient.Response response = tenant.send("POST", "/api/asterisk-dids", body);
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("detail").asString())
                    .isEqualTo("the request body is larger than 1 MiB, the most this endpoint accepts");
        }
        assertThat(tenant.get("/api/asterisk-dids").expect(200).json().get("total").asLong()).isZero();

        // a declared length over the cap is refused before the token is even looked at
        ApiClient.Response admin = api().send("POST", "/api/admin/tenants", HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"x\"" + " ".repeat(MIB) + "}"));
        assertThat(admin.status()).isEqualTo(413);
    }

    @Test
    void acceptsABodyJustUnderTheLimit() {
        ApiClient tenant = newTenant();
        String under = didPaddedTo("+14155550702", MIB - 16);
        tenant.send("POST", "/api/asterisk-dids", chunked(under)).expect(201);
        tenant.send("POST", "/api/asterisk-dids", HttpRequest.BodyPublishers.ofString(
                didPaddedTo("+14155550703", MIB - 16))).expect(201);
    }

    @Test
    void givesTheBulkEndpointsTheirOwnLargerCaps() {
        HttpLimits limits = new HttpLimits(DataSize.ofMegabytes(1), DataSize.ofMegabytes(16),
                DataSize.ofMegabytes(32), 65536, 32);
        assertThat(limits.maxBodyOf("POST", "/api/campaigns")).isEqualTo(16L * MIB);
        assertThat(limits.maxBodyOf("POST", "/api/asterisk-dids/import/csv")).isEqualTo(32L * MIB);
        assertThat(limits.maxBodyOf("PUT", "/api/campaigns")).isEqualTo(MIB);
        assertThat(limits.maxBodyOf("POST", "/api/asterisk-dids")).isEqualTo(MIB);

        // through HTTP: a body of 1.5 MiB is not refused for its size on either (whatever else they answer)
        ApiClient tenant = newTenant();
        String bulk = "{" + " ".repeat(3 * MIB / 2) + "}";
        for (String path : List.of("/api/campaigns", "/api/asterisk-dids/import/csv")) {
            assertThat(tenant.send("POST", path, HttpRequest.BodyPublishers.ofString(bulk)).status()).as(path)
                    .isNotEqualTo(413);
        }
    }

    @Test
    void refusesAJsonStringLongerThan64KibiCharactersNamingTheField() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        ApiClient.Response response = admin.post("/api/admin/tenants", Map.of("name", "n".repeat(65537)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).isEqualTo("name: is longer than 65536 characters");

        ApiClient tenant = newTenant();
        ApiClient.Response nested = tenant.post("/api/journeys", Map.of("name", "deep",
                "nodes", List.of(Map.of("type", "MAKE_CALL", "config", Map.of("audioFile", "x")))));
        assertThat(nested.status()).isEqualTo(201);
        // even in a field the API ignores
        String deep = "{\"name\":\"deep\",\"nodes\":[],\"extra\":" + "[".repeat(40) + "]".repeat(40) + "}";
        ApiClient.Response tooDeep = tenant.post("/api/journeys", deep);
        assertThat(tooDeep.status()).isEqualTo(400);
        assertThat(tooDeep.json().get("detail").asString()).contains("nests objects and arrays deeper than 32 levels");
    }

    @Test
    void refusesUnicodeControlSeparatorAndBidiCharactersInEveryName() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        ApiClient tenant = newTenant();
        String did = tenant.createDid("+14155550704", null).get("id").asString();
        String journey = tenant.post("/api/journeys", Map.of("name", "fine", "nodes", List.of())).expect(201)
                .json().get("id").asString();
        Map<String, String> refused = Map.ofEntries(
                Map.entry("a C0 control (ESC)", "\u001b[31m"), Map.entry("DEL", "\u007f"),
                Map.entry("a C1 control (NEL)", "\u0085"), Map.entry("a C1 control (CSI)", "\u009b"),
                Map.entry("the line separator", "\u2028"), Map.entry("the paragraph separator", "\u2029"),
                Map.entry("the left-to-right mark", "\u200e"), Map.entry("the right-to-left mark", "\u200f"),
                Map.entry("the Arabic letter mark", "\u061c"),
                Map.entry("an embedding (LRE)", "\u202a"), Map.entry("the right-to-left override", "\u202e"),
                Map.entry("an isolate (LRI)", "\u2066"), Map.entry("the pop directional isolate", "\u2069"));
        refused.forEach((what, character) -> {
            String name = "pay" + character + "fdp.exe";
            assertRefusedName(what, admin.post("/api/admin/tenants", Map.of("name", name)), "name");
            assertRefusedName(what, tenant.post("/api/asterisk-dids",
                    Map.of("number", "+14155550705", "friendlyName", name)), "friendlyName");
            assertRefusedName(what, tenant.put("/api/asterisk-dids/" + did, Map.of("friendlyName", name)),
                    "friendlyName");
            assertRefusedName(what, tenant.post("/api/journeys", Map.of("name", name, "nodes", List.of())), "name");
            assertRefusedName(what, tenant.put("/api/journeys/" + journey, Map.of("name", name, "nodes", List.of())),
                    "name");
        });
        // letters of any script, accents, emoji and the ordinary space stay welcome
        admin.post("/api/admin/tenants", Map.of("name", "Zoë's café — 日本 عربي 🙂")).expect(201);
    }

    private static void assertRefusedName(String what, ApiClient.Response response, String field) {
        assertThat(response.status()).as(what).isEqualTo(400);
        // the value is echoed with the refused character shown as ?, never the character itself
        assertThat(response.json().get("detail").asString()).as(what).startsWith(field + ": " + PlainText.MESSAGE
                + " (got \"").doesNotContainPattern("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{Cn}]");
    }

    /** A DID's JSON with spaces inside the object up to {@code bytes} in all. */
    private static String didPaddedTo(String number, int bytes) {
        String did = "{\"number\":\"" + number + "\"";
        return did + " ".repeat(bytes - did.length() - 1) + "}";
    }

    /** The body without a Content-Length: sent chunked, so only counting it as it is read can stop it. */
    private static HttpRequest.BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }
}
