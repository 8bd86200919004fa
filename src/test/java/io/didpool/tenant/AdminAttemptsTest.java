package io.didpool.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * Wrong admin tokens are logged without the token and slowed down per client address. A context of its own, with a
 * short lockout: a locked-out address refuses every admin request, which would stall the shared context's tests.
 */
@TestPropertySource(properties = {"didpool.admin-attempts.max-failures=3", "didpool.admin-attempts.lockout=3s"})
@ExtendWith(OutputCaptureExtension.class)
class AdminAttemptsTest extends IntegrationTest {

    /** A tenant body with a name of its own (tenant names are unique). */
    private static Map<String, String> tenant() {
        return Map.of("name", "acme-" + UUID.randomUUID());
    }

    @Test
    void logsEveryWrongAdminTokenWithAddressAndPathButNeverTheToken(CapturedOutput output) {
        api().withToken("guess-number-one-of-the-attacker").post("/api/admin/tenants", tenant()).expect(401);
        api().withToken("guess-two").get("/actuator/prometheus").expect(401);
        api().withToken(ADMIN_TOKEN).post("/api/admin/tenants", tenant()).expect(201);

        assertThat(output.getOut()).containsPattern("Wrong admin token from \\S+ on /api/admin/tenants \\(1 in a row\\)")
                .containsPattern("Wrong admin token from \\S+ on /actuator/prometheus \\(2 in a row\\)")
                .doesNotContain("guess-number-one-of-the-attacker", "guess-two", ADMIN_TOKEN);
    }

    @Test
    void refusesAnAddressWithTooManyWrongTokensFor429UntilTheLockoutEnds() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        ApiClient tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            api().withToken("wrong-" + i).post("/api/admin/tenants", tenant()).expect(401);
        }

        // now even the right token is refused from this address, at once, saying when to come back
        ApiClient.Response refused = admin.post("/api/admin/tenants", tenant());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 3);
        assertThat(refused.json().get("detail").asString()).contains("too many wrong admin tokens");
        assertThat(admin.get("/actuator/prometheus").status()).isEqualTo(429);
        // tenants' keys are not admin attempts: the tenant API goes on
        tenant.get("/api/asterisk-dids").expect(200);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.post("/api/admin/tenants", tenant()).status() == 201);
    }

    @Test
    void aRightTokenStartsTheCountAfresh() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        admin.post("/api/admin/tenants", tenant()).expect(201);
        for (int round = 0; round < 3; round++) {
            api().withToken("wrong-a").post("/api/admin/tenants", tenant()).expect(401);
            api().withToken("wrong-b").post("/api/admin/tenants", tenant()).expect(401);
            admin.post("/api/admin/tenants", tenant()).expect(201);
        }
    }

    @Test
    void aTenantsKeyOnTheAdminApiIsRefused403AndNeverLocksTheAdminOut(CapturedOutput output) {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        ApiClient tenant = newTenant();
        ApiClient tenantOnAdmin = api().withToken(tenant.token());
        String readOnlyKey = readOnlyKeyOfANewTenant(admin);

        // far more than the 3 wrong tokens that lock an address out, as many tenants behind one proxy would send
        for (int i = 0; i < 5; i++) {
            ApiClient.Response refused = tenantOnAdmin.post("/api/admin/tenants", tenant());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).contains("tenant's API key", "admin token");
        }
        assertThat(tenantOnAdmin.get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api().withToken(readOnlyKey).get("/api/admin/tenants").status()).isEqualTo(403);

        admin.get("/api/admin/tenants").expect(200);
        assertThat(output.getOut()).doesNotContain("Wrong admin token").doesNotContain(tenant.token(), readOnlyKey)
                .contains("not counted as a wrong admin token");
    }

    @Test
    void unknownRevokedAndGarbageTokensOnTheAdminApiStillCount() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        ApiClient tenant = newTenant();
        String revoked = revokedKeyOfANewTenant(admin);

        api().withToken("dp_" + UUID.randomUUID()).get("/api/admin/tenants").expect(401);
        api().withToken(revoked).get("/api/admin/tenants").expect(401);
        api().withToken("garbage").get("/api/admin/tenants").expect(401);

        assertThat(admin.get("/api/admin/tenants").status()).isEqualTo(429);
        tenant.get("/api/asterisk-dids").expect(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/api/admin/tenants").status() == 200);
    }

    private String readOnlyKeyOfANewTenant(ApiClient admin) {
        String id = admin.post("/api/admin/tenants", tenant()).expect(201).json().get("id").asString();
        return admin.post("/api/admin/tenants/" + id + "/keys", Map.of("name", "reader", "readOnly", true))
                .expect(201).json().get("apiKey").asString();
    }

    private String revokedKeyOfANewTenant(ApiClient admin) {
        String id = admin.post("/api/admin/tenants", tenant()).expect(201).json().get("id").asString();
        ApiClient.Response key = admin.post("/api/admin/tenants/" + id + "/keys", Map.of("name", "old"))
                .expect(201);
        admin.delete("/api/admin/tenants/" + id + "/keys/" + key.json().get("id").asString()).expect(204);
        return key.json().get("apiKey").asString();
    }
}
