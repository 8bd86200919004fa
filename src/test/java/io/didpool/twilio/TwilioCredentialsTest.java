package io.didpool.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class TwilioCredentialsTest extends TwilioTestSupport {

    private static final String CREDENTIALS = "/api/twilio/credentials";

    @Autowired
    JdbcClient jdbc;

    @Test
    void storesTheAuthTokenEncryptedAndShowsOnlyItsLastFourCharacters() {
        String account = newAccountSid();
        String token = newAuthToken();
        ApiClient tenant = tenantWithCredentials(account, token);

        ApiClient.Response shown = tenant.get(CREDENTIALS).expect(200);
        assertThat(shown.json().get("accountSid").asString()).isEqualTo(account);
        assertThat(shown.json().get("authTokenLast4").asString()).isEqualTo(token.substring(28));
        assertThat(shown.body()).doesNotContain(token);

        UUID tenantId = tenantOf(account);
        byte[] stored = jdbc.sql("SELECT auth_token_encrypted FROM twilio_credentials WHERE tenant_id = :t")
                .param("t", tenantId).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(token);
        assertThat(stored.length).isEqualTo(12 + token.length() + 16);
        String row = jdbc.sql("SELECT c::text FROM twilio_credentials c WHERE tenant_id = :t")
                .param("t", tenantId).query(String.class).single();
        assertThat(row).doesNotContain(token).doesNotContain(token.substring(28));
    }

    @Test
    void replacesAndDeletesTheCredentials() {
        String account = newAccountSid();
        ApiClient tenant = tenantWithCredentials(account, newAuthToken());
        String other = newAccountSid();
        String token = newAuthToken();

        tenant.put(CREDENTIALS, Map.of("accountSid", other, "authToken", token)).expect(204);
        assertThat(tenant.get(CREDENTIALS).expect(200).json().get("accountSid").asString()).isEqualTo(other);

        tenant.delete(CREDENTIALS).expect(204);
        ApiClient.Response gone = tenant.get(CREDENTIALS);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(tenant.delete(CREDENTIALS).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantNeitherSeesNorChangesNorUsesTheCredentials() {
        String account = newAccountSid();
        String token = newAuthToken();
        TWILIO.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + account + ".json")).withBasicAuth(account, token)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(accountJson(account, "Alice's account"))));
        ApiClient alice = tenantWithCredentials(account, token);
        JsonNode before = alice.get(CREDENTIALS).expect(200).json();
        ApiClient bob = newTenant();

        assertThat(bob.get(CREDENTIALS).status()).isEqualTo(404);
        assertThat(bob.post(CREDENTIALS + "/test", null).status()).isEqualTo(404);
        assertThat(bob.delete(CREDENTIALS).status()).as("bob has none to delete").isEqualTo(404);
        String bobsAccount = newAccountSid();
        bob.put(CREDENTIALS, Map.of("accountSid", bobsAccount, "authToken", newAuthToken())).expect(204);
        assertThat(alice.get(CREDENTIALS).expect(200).json()).as("after bob stored his").isEqualTo(before);
        bob.delete(CREDENTIALS).expect(204);
        assertThat(alice.get(CREDENTIALS).expect(200).json()).as("after bob deleted his").isEqualTo(before);

        // alice's stored token is still hers, whole: Twilio accepts it
        assertThat(alice.post(CREDENTIALS + "/test", null).expect(200).json().get("accountFriendlyName").asString())
                .isEqualTo("Alice's account");
        TWILIO.verify(1, getRequestedFor(urlPathEqualTo("/2010-04-01/Accounts/" + account + ".json")));
        assertThat(bob.get(CREDENTIALS).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM twilio_credentials WHERE account_sid = :a").param("a", bobsAccount)
                .query(Long.class).single()).isZero();
    }

    @Test
    void rejectsAMalformedAccountSidOrTokenWithoutEchoingIt() {
        ApiClient tenant = newTenant();
        String shortToken = "abc123secret";

        ApiClient.Response badSid = tenant.put(CREDENTIALS, Map.of("accountSid", "XX123", "authToken", newAuthToken()));
        assertThat(badSid.status()).isEqualTo(400);
        assertThat(badSid.json().get("detail").asString()).contains("accountSid");

        ApiClient.Response badToken = tenant.put(CREDENTIALS, Map.of("accountSid", newAccountSid(),
                "authToken", shortToken));
        assertThat(badToken.status()).isEqualTo(400);
        assertThat(badToken.json().get("detail").asString()).contains("authToken");
        assertThat(badToken.body()).doesNotContain(shortToken);

        assertThat(tenant.put(CREDENTIALS, Map.of("accountSid", newAccountSid())).status()).isEqualTo(400);
        assertThat(tenant.get(CREDENTIALS).status()).isEqualTo(404);
    }

    @Test
    void testAsksTwilioForTheAccountWithTheStoredCredentials() {
        String account = newAccountSid();
        String token = newAuthToken();
        TWILIO.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + account + ".json"))
                .withBasicAuth(account, token)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(accountJson(account, "Acme Production"))));
        ApiClient tenant = tenantWithCredentials(account, token);

        JsonNode result = tenant.post(CREDENTIALS + "/test", null).expect(200).json();

        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("accountFriendlyName").asString()).isEqualTo("Acme Production");
    }

    @Test
    void testSaysWhatTwilioAnsweredWhenItRejectsTheCredentials() {
        String account = newAccountSid();
        TWILIO.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + account + ".json"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                                + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}")));
        ApiClient tenant = tenantWithCredentials(account, newAuthToken());

        ApiClient.Response result = tenant.post(CREDENTIALS + "/test", null);

        assertThat(result.status()).isEqualTo(502);
        assertThat(result.json().get("detail").asString())
                .contains("Twilio rejected the credentials", "HTTP 401", "20003", "Authenticate");
        TWILIO.verify(1, getRequestedFor(urlPathEqualTo("/2010-04-01/Accounts/" + account + ".json")));
    }

    @Test
    void neverWritesTheTokenToTheLogs(CapturedOutput output) {
        String account = newAccountSid();
        String token = newAuthToken();
        TWILIO.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + account + ".json"))
                .willReturn(twilioError(401, 20003, "Authenticate")));
        stubNumbers(account, token, numbers("808", 3), 10);
        ApiClient tenant = tenantWithCredentials(account, token);

        tenant.get(CREDENTIALS).expect(200);
        tenant.post(CREDENTIALS + "/test", null).expect(502);
        tenant.post("/api/asterisk-dids/import/twilio", Map.of()).expect(200);
        tenant.put(CREDENTIALS, Map.of("accountSid", account, "authToken", token + "x")).expect(400);

        assertThat(output.getAll()).contains(account).doesNotContain(token);
    }

    private UUID tenantOf(String account) {
        return jdbc.sql("SELECT tenant_id FROM twilio_credentials WHERE account_sid = :a")
                .param("a", account).query(UUID.class).single();
    }

    private static String accountJson(String account, String friendlyName) {
        var json = JSON.createObjectNode();
        json.put("auth_token", "redacted");
        json.put("date_created", "Thu, 30 Jul 2015 20:00:00 +0000");
        json.put("date_updated", "Thu, 30 Jul 2015 20:00:00 +0000");
        json.put("friendly_name", friendlyName);
        json.putNull("owner_account_sid");
        json.put("sid", account);
        json.put("status", "active");
        json.put("type", "Full");
        json.put("uri", "/2010-04-01/Accounts/" + account + ".json");
        return JSON.writeValueAsString(json);
    }
}
