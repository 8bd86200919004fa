package io.didpool.tenant;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TenantRepository {

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Tenant insert(String name) {
        return jdbc.sql("INSERT INTO tenants (id, name) VALUES (:id, :name) RETURNING id, name, created_at")
                .param("id", UUID.randomUUID())
                .param("name", name)
                .query((rs, i) -> new Tenant(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .single();
    }

    void insertKey(UUID tenantId, String keyHash) {
        jdbc.sql("INSERT INTO api_keys (id, tenant_id, key_hash) VALUES (:id, :tenant, :hash)")
                .param("id", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("hash", keyHash)
                .update();
    }

    Optional<UUID> tenantOfKey(String keyHash) {
        return jdbc.sql("SELECT tenant_id FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .param("hash", keyHash)
                .query(UUID.class)
                .optional();
    }

    boolean exists(UUID id) {
        return jdbc.sql("SELECT count(*) FROM tenants WHERE id = :id").param("id", id).query(Long.class).single() == 1;
    }

    record Tenant(UUID id, String name, Instant createdAt) {
    }
}
