package io.didpool.callinghours;

import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL of {@code calling_hours} (V29): a tenant's, a journey's or a campaign's hours, stored in the API's JSON shape
 * (jsonb keeps no key order: the order of the answers is {@link CallingHoursJson#of}'s). Every statement is scoped by
 * tenant.
 */
@Repository
class CallingHoursRepository {

    /**
     * The most specific of the campaign's, the journey's and the tenant's hours: at most three primary-key probes in
     * one statement (a null id probes nothing).
     */
    static final String EFFECTIVE = """
            SELECT hours::text FROM calling_hours
             WHERE tenant_id = :tenant
               AND ((scope = 'CAMPAIGN' AND scope_id = CAST(:campaign AS uuid))
                 OR (scope = 'JOURNEY' AND scope_id = CAST(:journey AS uuid))
                 OR (scope = 'TENANT' AND scope_id = :tenant))
             ORDER BY CASE scope WHEN 'CAMPAIGN' THEN 0 WHEN 'JOURNEY' THEN 1 ELSE 2 END
             LIMIT 1""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CallingHoursRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The hours of one scope; row-locked when {@code forUpdate}, so that concurrent changes apply one at a time. */
    Optional<CallingHours> find(TenantId tenant, Scope scope, UUID scopeId, boolean forUpdate) {
        return jdbc.sql("SELECT hours::text FROM calling_hours"
                        + " WHERE tenant_id = :tenant AND scope = :scope AND scope_id = :id"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenant.value())
                .param("scope", scope.name())
                .param("id", scopeId)
                .query(String.class)
                .optional()
                .map(this::read);
    }

    /** The hours of several scopes of one kind, by id; those without any are absent. */
    Map<UUID, CallingHours> findAll(TenantId tenant, Scope scope, Collection<UUID> ids) {
        Map<UUID, CallingHours> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT scope_id, hours::text AS hours FROM calling_hours"
                        + " WHERE tenant_id = :tenant AND scope = :scope AND scope_id IN (:ids)")
                .param("tenant", tenant.value())
                .param("scope", scope.name())
                .param("ids", ids)
                .query((ResultSet rs) -> {
                    found.put(rs.getObject("scope_id", UUID.class), read(rs.getString("hours")));
                });
        return found;
    }

    /** See {@link #EFFECTIVE}; empty when none of the three has hours of its own. */
    Optional<CallingHours> effective(TenantId tenant, UUID journeyId, UUID campaignId) {
        return jdbc.sql(EFFECTIVE)
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .param("campaign", campaignId)
                .query(String.class)
                .optional()
                .map(this::read);
    }

    void put(TenantId tenant, Scope scope, UUID scopeId, CallingHours hours) {
        jdbc.sql("""
                        INSERT INTO calling_hours (tenant_id, scope, scope_id, hours)
                        VALUES (:tenant, :scope, :id, CAST(:hours AS jsonb))
                        ON CONFLICT (tenant_id, scope, scope_id) DO UPDATE
                           SET hours = EXCLUDED.hours, updated_at = now()""")
                .param("tenant", tenant.value())
                .param("scope", scope.name())
                .param("id", scopeId)
                .param("hours", json.writeValueAsString(CallingHoursJson.of(hours)))
                .update();
    }

    boolean delete(TenantId tenant, Scope scope, UUID scopeId) {
        return jdbc.sql("DELETE FROM calling_hours WHERE tenant_id = :tenant AND scope = :scope AND scope_id = :id")
                .param("tenant", tenant.value())
                .param("scope", scope.name())
                .param("id", scopeId)
                .update() == 1;
    }

    /** Stored hours were valid when written; read through the same validation, they are the model again. */
    private CallingHours read(String stored) {
        return json.readValue(stored, CallingHoursJson.class).toHours("");
    }
}
