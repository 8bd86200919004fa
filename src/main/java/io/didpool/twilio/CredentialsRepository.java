package io.didpool.twilio;

import io.didpool.tenant.TenantId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code twilio_credentials}: one row per tenant, the auth token only as ciphertext. */
@Repository
class CredentialsRepository {

    private final JdbcClient jdbc;

    CredentialsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void save(TenantId tenant, String accountSid, byte[] encryptedToken) {
        jdbc.sql("""
                        INSERT INTO twilio_credentials (tenant_id, account_sid, auth_token_encrypted)
                        VALUES (:tenant, :accountSid, :token)
                        ON CONFLICT (tenant_id) DO UPDATE
                        SET account_sid = EXCLUDED.account_sid,
                            auth_token_encrypted = EXCLUDED.auth_token_encrypted,
                            updated_at = now()""")
                .param("tenant", tenant.value())
                .param("accountSid", accountSid)
                .param("token", encryptedToken)
                .update();
    }

    /** Every tenant that has credentials stored. */
    java.util.List<TenantId> tenants() {
        return jdbc.sql("SELECT tenant_id FROM twilio_credentials ORDER BY tenant_id")
                .query((rs, n) -> new TenantId(rs.getObject(1, java.util.UUID.class)))
                .list();
    }

    Optional<Stored> find(TenantId tenant) {
        return jdbc.sql("SELECT account_sid, auth_token_encrypted FROM twilio_credentials WHERE tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query((rs, n) -> new Stored(rs.getString("account_sid"), rs.getBytes("auth_token_encrypted")))
                .optional();
    }

    boolean delete(TenantId tenant) {
        return jdbc.sql("DELETE FROM twilio_credentials WHERE tenant_id = :tenant")
                .param("tenant", tenant.value())
                .update() == 1;
    }

    record Stored(String accountSid, byte[] encryptedToken) {
    }
}
