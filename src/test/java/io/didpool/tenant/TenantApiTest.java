package io.didpool.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class TenantApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void createsTenantAndShowsItsKeyOnceStoringOnlyItsHash() {
        String name = "acme-" + UUID.randomUUID();
        JsonNode created = api().withToken(ADMIN_TOKEN).post("/api/admin/tenants", Map.of("name", name))
                .expect(201).json();
        String key = created.get("apiKey").asString();
        assertThat(created.get("name").asString()).isEqualTo(name);
        assertThat(key).startsWith("dp_").hasSizeGreaterThan(40);

        String stored = jdbc.sql("SELECT key_hash FROM api_keys WHERE tenant_id = CAST(:id AS uuid)")
                .param("id", created.get("id").asString()).query(String.class).single();
        assertThat(stored).isNotEqualTo(key).doesNotContain(key).hasSize(64);

        api().withToken(key).get("/api/asterisk-dids").expect(200);
    }

    @Test
    void refusesTenantCreationWithoutTheAdminToken() {
        ApiClient tenant = newTenant();
        assertProblem(api().post("/api/admin/tenants", Map.of("name", "x")), 401);
        assertProblem(api().withToken("wrong").post("/api/admin/tenants", Map.of("name", "x")), 401);
        // a tenant key is not the admin token (nor a wrong guess at it)
        assertProblem(tenant.post("/api/admin/tenants", Map.of("name", "x")), 403);
    }

    @Test
    void aTenantKeyCannotReachTheAdminApiThroughAnEncodedOrParameterisedPath() {
        ApiClient tenant = newTenant();
        for (String path : List.of("/api/admin;x=1/tenants", "/api/%61dmin/tenants", "/api;x/admin/tenants")) {
            assertProblem(tenant.post(path, Map.of("name", "evil")), 403);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM tenants WHERE name = 'evil'").query(Long.class).single()).isZero();
        // the admin token still works on the plain path
        api().withToken(ADMIN_TOKEN).post("/api/admin/tenants", Map.of("name", "fine-" + UUID.randomUUID())).expect(201);
    }

    @Test
    void anEncodedOrParameterisedApiPathStillNeedsAKey() {
        for (String path : List.of("/%61pi/asterisk-dids/segments", "/api;x/asterisk-dids/segments")) {
            assertProblem(api().get(path), 401);
        }
    }

    @Test
    void answersMissingOrWrongApiKeyWith401ProblemDetail() {
        assertProblem(api().get("/api/asterisk-dids"), 401);
        assertProblem(api().withToken("dp_not-a-key").get("/api/asterisk-dids"), 401);
        // the admin token is not a tenant key
        assertProblem(api().withToken(ADMIN_TOKEN).get("/api/asterisk-dids"), 401);
    }

    @Test
    void rejectsTenantWithoutName() {
        ApiClient.Response response = api().withToken(ADMIN_TOKEN).post("/api/admin/tenants", Map.of("name", " "));
        assertProblem(response, 400);
        assertThat(response.json().get("detail").asString()).contains("name");
    }

    @Test
    void rejectsATenantNameWithANulCharacterNamingTheField() {
        ApiClient.Response response = api().withToken(ADMIN_TOKEN).post("/api/admin/tenants", Map.of("name", "a\u0000b"));
        assertProblem(response, 400);
        assertThat(response.json().get("detail").asString()).contains("name").contains("control characters");
    }

    static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception", "at io.", "SELECT", "INSERT");
    }
}
