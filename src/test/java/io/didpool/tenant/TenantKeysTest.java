package io.didpool.tenant;

import static io.didpool.tenant.TenantApiTest.assertProblem;
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

/** Tenants listed with unique names; several named keys per tenant, read-only ones, revocation that applies at once. */
class TenantKeysTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void listsTenantsByNameAndRefusesASecondTenantOfTheSameName() {
        String name = "listed-" + UUID.randomUUID();
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", name)).expect(201).json();

        ApiClient.Response again = admin().post("/api/admin/tenants", Map.of("name", name));

        assertProblem(again, 409);
        assertThat(again.json().get("detail").asString()).isEqualTo("name: a tenant named " + name + " already exists");
        JsonNode items = admin().get("/api/admin/tenants").expect(200).json().get("items");
        List<JsonNode> mine = items.valueStream().filter(t -> t.get("name").asString().equals(name)).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("id").asString()).isEqualTo(created.get("id").asString());
        assertThat(mine.get(0).propertyNames()).containsExactly("id", "name", "createdAt");
        List<String> names = items.valueStream().map(t -> t.get("name").asString()).toList();
        assertThat(names).isSorted();
        // a tenant key is not the admin token
        assertProblem(tenantOf(created).get("/api/admin/tenants"), 403);
    }

    @Test
    void aNewKeyIsShownOnceStoredHashedListedWithoutSecretAndWorks() {
        JsonNode tenant = newTenantJson();
        String tenantId = tenant.get("id").asString();

        JsonNode key = admin().post("/api/admin/tenants/" + tenantId + "/keys", Map.of("name", "dialer"))
                .expect(201).json();

        assertThat(key.propertyNames()).containsExactly("id", "name", "readOnly", "apiKey");
        assertThat(key.get("name").asString()).isEqualTo("dialer");
        assertThat(key.get("readOnly").asBoolean()).isFalse();
        String secret = key.get("apiKey").asString();
        assertThat(secret).startsWith("dp_");
        assertThat(jdbc.sql("SELECT key_hash FROM api_keys WHERE id = CAST(:id AS uuid)")
                .param("id", key.get("id").asString()).query(String.class).single()).hasSize(64).doesNotContain(secret);
        api().withToken(secret).createDid("+14155550100", "main");

        JsonNode keys = admin().get("/api/admin/tenants/" + tenantId + "/keys").expect(200).json().get("items");
        assertThat(keys.valueStream().map(k -> k.get("name").asString())).containsExactly("default", "dialer");
        assertThat(keys.toString()).doesNotContain(secret, tenant.get("apiKey").asString(), "apiKey", "hash");
        assertThat(keys.get(1).get("revokedAt").isNull()).isTrue();

        // two keys in use never share a name; an unknown tenant is a 404
        assertProblem(admin().post("/api/admin/tenants/" + tenantId + "/keys", Map.of("name", "dialer")), 409);
        assertProblem(admin().post("/api/admin/tenants/" + UUID.randomUUID() + "/keys", Map.of("name", "x")), 404);
        assertProblem(admin().get("/api/admin/tenants/" + UUID.randomUUID() + "/keys"), 404);
        assertProblem(admin().post("/api/admin/tenants/" + tenantId + "/keys", Map.of("name", " ")), 400);
    }

    @Test
    void aRevokedKeyAnswers401AtOnceWhileTheTenantsOtherKeysWork() {
        JsonNode tenant = newTenantJson();
        String tenantId = tenant.get("id").asString();
        JsonNode rotated = admin().post("/api/admin/tenants/" + tenantId + "/keys", Map.of("name", "rotated"))
                .expect(201).json();
        ApiClient old = tenantOf(tenant);
        ApiClient fresh = api().withToken(rotated.get("apiKey").asString());
        old.get("/api/asterisk-dids").expect(200);
        String defaultKeyId = admin().get("/api/admin/tenants/" + tenantId + "/keys").json().get("items").get(0)
                .get("id").asString();

        admin().delete("/api/admin/tenants/" + tenantId + "/keys/" + defaultKeyId).expect(204);

        assertProblem(old.get("/api/asterisk-dids"), 401);
        assertThat(old.get("/api/asterisk-dids").json().get("detail").asString()).contains("revoked");
        fresh.get("/api/asterisk-dids").expect(200);
        JsonNode listed = admin().get("/api/admin/tenants/" + tenantId + "/keys").json().get("items").get(0);
        assertThat(listed.get("revokedAt").isNull()).isFalse();
        // revoking again changes nothing; another tenant's key id is unknown here
        admin().delete("/api/admin/tenants/" + tenantId + "/keys/" + defaultKeyId).expect(204);
        String otherTenant = newTenantJson().get("id").asString();
        assertProblem(admin().delete("/api/admin/tenants/" + otherTenant + "/keys/" + rotated.get("id").asString()), 404);
        fresh.get("/api/asterisk-dids").expect(200);
        // the revoked key's name is free again
        admin().post("/api/admin/tenants/" + tenantId + "/keys", Map.of("name", "default")).expect(201);
    }

    @Test
    void aReadOnlyKeyReadsButEveryOtherMethodAnswers403() {
        JsonNode tenant = newTenantJson();
        ApiClient writer = tenantOf(tenant);
        String didId = writer.createDid("+14155550100", "main").get("id").asString();
        JsonNode key = admin().post("/api/admin/tenants/" + tenant.get("id").asString() + "/keys",
                Map.of("name", "dashboard", "readOnly", true)).expect(201).json();
        assertThat(key.get("readOnly").asBoolean()).isTrue();
        ApiClient reader = api().withToken(key.get("apiKey").asString());

        assertThat(reader.get("/api/asterisk-dids").expect(200).json().get("total").asLong()).isEqualTo(1);
        reader.get("/api/asterisk-dids/" + didId).expect(200);
        reader.get("/api/asterisk-dids/usage").expect(200);
        assertThat(reader.send("HEAD", "/api/asterisk-dids", null).status()).isEqualTo(200);

        for (ApiClient.Response refused : List.of(
                reader.post("/api/asterisk-dids", Map.of("number", "+14155550101")),
                reader.put("/api/asterisk-dids/" + didId, Map.of("segment", "other")),
                reader.delete("/api/asterisk-dids/" + didId),
                reader.post("/api/asterisk-dids/allocate", Map.of()),
                reader.post("/api/asterisk-dids/usage/reset", null))) {
            assertProblem(refused, 403);
            assertThat(refused.json().get("detail").asString()).contains("read-only");
        }
        JsonNode did = writer.get("/api/asterisk-dids/" + didId).expect(200).json();
        assertThat(did.get("segment").asString()).isEqualTo("main");
        assertThat(did.get("usageCount").asLong()).isZero();
        assertThat(writer.get("/api/asterisk-dids").json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void keysCreatedAndRevokedAreInTheTenantsAuditTrailAsTheAdminsDoing() {
        JsonNode tenant = newTenantJson();
        String tenantId = tenant.get("id").asString();
        String keyId = admin().post("/api/admin/tenants/" + tenantId + "/keys", Map.of("name", "temp")).expect(201)
                .json().get("id").asString();
        admin().delete("/api/admin/tenants/" + tenantId + "/keys/" + keyId).expect(204);

        JsonNode entries = tenantOf(tenant).get("/api/audit?entity=key&id=" + keyId).expect(200).json();

        assertThat(entries.get("total").asLong()).isEqualTo(2);
        JsonNode revoke = entries.get("items").get(0);
        assertThat(revoke.get("action").asString()).isEqualTo("revoke");
        assertThat(revoke.get("key").get("name").asString()).isEqualTo("admin");
        assertThat(revoke.get("before").get("revokedAt").isNull()).isTrue();
        assertThat(revoke.get("after").get("revokedAt").isNull()).isFalse();
        JsonNode create = entries.get("items").get(1);
        assertThat(create.get("action").asString()).isEqualTo("create");
        assertThat(create.get("before").isNull()).isTrue();
        assertThat(create.get("after").get("name").asString()).isEqualTo("temp");
        assertThat(entries.toString()).doesNotContain("dp_");
    }

    private JsonNode newTenantJson() {
        return admin().post("/api/admin/tenants", Map.of("name", "keys-" + UUID.randomUUID())).expect(201).json();
    }

    private ApiClient tenantOf(JsonNode created) {
        return api().withToken(created.get("apiKey").asString());
    }
}
