package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of a number's life at its provider ({@link DidLifecycle}): a bought number becoming a DID, its ownership as
 * checked, its release. Statements on the inventory's table, scoped by tenant like every other.
 */
@Repository
class DidLifecycleRepository {

    private final JdbcClient jdbc;

    DidLifecycleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The bought number as a DID of {@code status}, on the account (ON_ACCOUNT, checked now); a DID of the tenant
     * with that number already (released earlier, say) takes the purchase's placement, metadata and status and
     * keeps its usage.
     */
    Did upsertBought(TenantId tenant, DidLifecycle.Bought bought, String status) {
        return jdbc.sql("""
                        WITH d AS (
                            INSERT INTO asterisk_dids AS d (id, tenant_id, number, segment, trunk, status, provider,
                                                            provider_account, provider_sid, friendly_name,
                                                            capability_voice, capability_sms, capability_mms,
                                                            import_source, ownership, ownership_checked_at)
                            VALUES (:id, :tenant, :number, :segment, :trunk, :status, :provider, :account, :sid,
                                    :friendlyName, :voice, :sms, :mms, :importSource, 'ON_ACCOUNT', now())
                            ON CONFLICT (tenant_id, number) DO UPDATE
                               SET segment = EXCLUDED.segment, trunk = EXCLUDED.trunk, status = EXCLUDED.status,
                                   provider = EXCLUDED.provider, provider_account = EXCLUDED.provider_account,
                                   provider_sid = EXCLUDED.provider_sid, friendly_name = EXCLUDED.friendly_name,
                                   capability_voice = EXCLUDED.capability_voice,
                                   capability_sms = EXCLUDED.capability_sms, capability_mms = EXCLUDED.capability_mms,
                                   import_source = EXCLUDED.import_source, ownership = 'ON_ACCOUNT',
                                   ownership_checked_at = now(), updated_at = now()
                            RETURNING d.*)
                        SELECT""" + " " + DidRowMapper.columns("d") + " FROM d" + DidRowMapper.activity("d"))
                .param("id", UUID.randomUUID())
                .param("tenant", tenant.value())
                .param("number", bought.number())
                .param("segment", bought.segment())
                .param("trunk", bought.trunk())
                .param("status", status)
                .param("provider", bought.provider())
                .param("account", bought.account())
                .param("sid", bought.sid())
                .param("friendlyName", bought.friendlyName())
                .param("voice", bought.voice())
                .param("sms", bought.sms())
                .param("mms", bought.mms())
                .param("importSource", bought.importSource())
                .query(DidRowMapper.INSTANCE)
                .single();
    }

    /** The DID, its row locked until the transaction ends (a release waits for an allocation writing it, and back). */
    Optional<Did> lock(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT " + DidRowMapper.columns("d") + " FROM (SELECT * FROM asterisk_dids"
                        + " WHERE tenant_id = :tenant AND id = :id FOR UPDATE) d" + DidRowMapper.activity("d"))
                .param("tenant", tenant.value())
                .param("id", id)
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    Optional<Did> setStatus(TenantId tenant, UUID id, String status) {
        return jdbc.sql("WITH d AS (UPDATE asterisk_dids SET status = :status, updated_at = now()"
                        + " WHERE tenant_id = :tenant AND id = :id RETURNING *) SELECT " + DidRowMapper.columns("d")
                        + " FROM d" + DidRowMapper.activity("d"))
                .param("tenant", tenant.value())
                .param("id", id)
                .param("status", status)
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    void setProviderSid(TenantId tenant, UUID id, String sid) {
        jdbc.sql("UPDATE asterisk_dids SET provider_sid = :sid, updated_at = now()"
                        + " WHERE tenant_id = :tenant AND id = :id AND provider_sid IS DISTINCT FROM :sid")
                .param("tenant", tenant.value())
                .param("id", id)
                .param("sid", sid)
                .update();
    }

    /**
     * The tenant's DIDs on {@code trunk} other than released ones, by number; with {@code twilioOnly}, only those
     * imported from or bought at Twilio.
     */
    List<DidLifecycle.NumberOnTrunk> onTrunk(TenantId tenant, String trunk, boolean twilioOnly) {
        return jdbc.sql("SELECT id, number, provider_sid, ownership FROM asterisk_dids"
                        + " WHERE tenant_id = :tenant AND trunk = :trunk AND status <> 'released'"
                        + (twilioOnly ? " AND provider = :provider" : "") + " ORDER BY number")
                .param("tenant", tenant.value())
                .param("trunk", trunk)
                .param("provider", DidLifecycle.TWILIO)
                .query((rs, i) -> new DidLifecycle.NumberOnTrunk(rs.getObject("id", UUID.class),
                        rs.getString("number"), rs.getString("provider_sid"),
                        rs.getString("ownership") == null ? null : Ownership.valueOf(rs.getString("ownership"))))
                .list();
    }

    /** The trunks the tenant's DIDs (other than released ones) name. */
    List<String> trunks(TenantId tenant) {
        return jdbc.sql("SELECT DISTINCT trunk FROM asterisk_dids WHERE tenant_id = :tenant AND status <> 'released'"
                        + " ORDER BY trunk")
                .param("tenant", tenant.value())
                .query(String.class)
                .list();
    }

    /** Sets the ownership of the DIDs {@code ids} (the tenant's), checked at {@code at}; how many changed. */
    int setOwnership(TenantId tenant, List<UUID> ids, Ownership ownership, Instant at) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        WITH changed AS (
                            SELECT id, ownership IS DISTINCT FROM :ownership AS changed FROM asterisk_dids
                             WHERE tenant_id = :tenant AND id = ANY (CAST(:ids AS uuid[])) FOR UPDATE),
                        updated AS (
                            UPDATE asterisk_dids d SET ownership = :ownership, ownership_checked_at = :at,
                                   updated_at = CASE WHEN c.changed THEN now() ELSE d.updated_at END
                              FROM changed c WHERE d.id = c.id RETURNING c.changed)
                        SELECT count(*) FILTER (WHERE changed) FROM updated""")
                .param("tenant", tenant.value())
                .param("ids", ids.toArray(UUID[]::new))
                .param("ownership", ownership.name())
                .param("at", Timestamp.from(at))
                .query(Integer.class)
                .single();
    }

    /** Marks the tenant's DIDs among {@code numbers} ON_ACCOUNT, checked now (an import listed them). */
    int markOnAccount(TenantId tenant, String[] numbers) {
        return jdbc.sql("UPDATE asterisk_dids SET ownership = 'ON_ACCOUNT', ownership_checked_at = now()"
                        + " WHERE tenant_id = :tenant AND number = ANY (CAST(:numbers AS varchar[]))")
                .param("tenant", tenant.value())
                .param("numbers", numbers)
                .update();
    }

    /** The tenants with DIDs (other than released ones) on any of {@code trunks}. */
    List<TenantId> tenantsOn(String[] trunks) {
        return jdbc.sql("SELECT DISTINCT tenant_id FROM asterisk_dids WHERE trunk = ANY (CAST(:trunks AS varchar[]))"
                        + " AND status <> 'released'")
                .param("trunks", trunks)
                .query((rs, n) -> new TenantId(rs.getObject(1, UUID.class)))
                .list();
    }

    /** Of {@code numbers}, those that some tenant holds as a DID other than a released one. */
    List<String> held(String[] numbers) {
        return jdbc.sql("SELECT DISTINCT number FROM asterisk_dids WHERE number = ANY (CAST(:numbers AS varchar[]))"
                        + " AND status <> 'released'")
                .param("numbers", numbers)
                .query(String.class)
                .list();
    }
}
