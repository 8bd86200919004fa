package io.didpool.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TenantRepository {

    private static final String KEY_COLUMNS = "id, tenant_id, name, read_only, created_at, revoked_at";

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the tenant; empty when the name is taken (the unique constraint decides, so two at once cannot both win). */
    Optional<Tenant> insert(String name) {
        return jdbc.sql("""
                        INSERT INTO tenants (id, name) VALUES (:id, :name)
                        ON CONFLICT ON CONSTRAINT tenant_names_are_unique DO NOTHING
                        RETURNING id, name, created_at""")
                .param("id", UUID.randomUUID())
                .param("name", name)
                .query(TenantRepository::tenant)
                .optional();
    }

    List<Tenant> findAll() {
        return jdbc.sql("SELECT id, name, created_at FROM tenants ORDER BY name").query(TenantRepository::tenant).list();
    }

    boolean exists(UUID tenantId) {
        return jdbc.sql("SELECT count(*) FROM tenants WHERE id = :id").param("id", tenantId).query(Long.class)
                .single() == 1;
    }

    /** Inserts the key; empty when a key of the tenant in use already has the name. */
    Optional<Key> insertKey(UUID tenantId, String name, boolean readOnly, String keyHash) {
        return jdbc.sql("""
                        INSERT INTO api_keys (id, tenant_id, name, read_only, key_hash)
                        VALUES (:id, :tenant, :name, :readOnly, :hash)
                        ON CONFLICT (tenant_id, name) WHERE revoked_at IS NULL DO NOTHING
                        RETURNING""" + " " + KEY_COLUMNS)
                .param("id", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("name", name)
                .param("readOnly", readOnly)
                .param("hash", keyHash)
                .query(TenantRepository::key)
                .optional();
    }

    /** The tenant's keys, in use and revoked, oldest first. */
    List<Key> keys(UUID tenantId) {
        return jdbc.sql("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = :tenant ORDER BY created_at, id")
                .param("tenant", tenantId)
                .query(TenantRepository::key)
                .list();
    }

    Optional<Key> key(UUID tenantId, UUID keyId) {
        return jdbc.sql("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId)
                .param("id", keyId)
                .query(TenantRepository::key)
                .optional();
    }

    /** Revokes the key (the first revocation's time stays); answers it as it is now. */
    Optional<Key> revoke(UUID tenantId, UUID keyId) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())"
                        + " WHERE tenant_id = :tenant AND id = :id RETURNING " + KEY_COLUMNS)
                .param("tenant", tenantId)
                .param("id", keyId)
                .query(TenantRepository::key)
                .optional();
    }

    /** The key in use with this hash. Read on every request, never cached: a revoked key fails its very next one. */
    Optional<Key> keyInUse(String keyHash) {
        return jdbc.sql("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .param("hash", keyHash)
                .query(TenantRepository::key)
                .optional();
    }

    private static Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getObject("id", UUID.class), rs.getString("name"), instant(rs.getTimestamp("created_at")));
    }

    private static Key key(ResultSet rs, int row) throws SQLException {
        return new Key(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("name"),
                rs.getBoolean("read_only"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    record Tenant(UUID id, String name, Instant createdAt) {
    }

    /** An API key without its secret (only its hash is stored, and it is never read back). */
    record Key(UUID id, UUID tenantId, String name, boolean readOnly, Instant createdAt, Instant revokedAt) {
    }
}
