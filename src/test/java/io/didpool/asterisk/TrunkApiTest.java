package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The service as configured with no DIDPOOL_AMI_HOST: the dry-run dialer and a trunk API that says so. */
class TrunkApiTest extends IntegrationTest {

    @Autowired
    Dialer dialer;

    @Test
    void countsTheTenantsDidsOfTheTrunkAndSaysAmiIsNotConfigured() {
        ApiClient tenant = newTenant();
        ApiClient other = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550101", "trunk", "EAST")).expect(201);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550102", "trunk", "EAST")).expect(201);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550103", "trunk", "WEST")).expect(201);
        other.post("/api/asterisk-dids", Map.of("number", "+14155550104", "trunk", "EAST")).expect(201);

        JsonNode east = tenant.get("/api/asterisk/trunks/EAST").expect(200).json();

        assertThat(east.get("trunk").asString()).isEqualTo("EAST");
        assertThat(east.get("didCount").asLong()).isEqualTo(2);
        assertThat(east.get("amiConfigured").asBoolean()).isFalse();
        assertThat(east.get("known").isNull()).isTrue();
        assertThat(east.get("message").asString()).contains("AMI is not configured");
        assertThat(tenant.get("/api/asterisk/trunks/NONE").expect(200).json().get("didCount").asLong()).isZero();
    }

    @Test
    void rejectsABadTrunkNameAndRequiresAKey() {
        ApiClient tenant = newTenant();
        ApiClient.Response bad = tenant.get("/api/asterisk/trunks/TW%20ILIO");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().get("detail").asString()).contains("name");
        assertThat(api().get("/api/asterisk/trunks/TWILIO").status()).isEqualTo(401);
    }

    @Test
    void placesNoCallWithoutAnAmiHost() {
        assertThat(dialer).isInstanceOf(DryRunDialer.class);
        CallOutcome outcome = dialer.place(AmiDialerTest.call("api-test-call")).outcome().join();
        assertThat(outcome.status()).isEqualTo(CallStatus.DRY_RUN);
        assertThat(((DryRunDialer) dialer).recorded("api-test-call")).isPresent();
    }
}
