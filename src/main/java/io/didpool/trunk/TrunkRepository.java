package io.didpool.trunk;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TrunkRepository {

    private static final String COLUMNS = "name, calls_per_second, max_concurrent_calls, tenants";

    private final JdbcClient jdbc;

    TrunkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Trunk> find(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trunks WHERE name = :name")
                .param("name", name)
                .query(TrunkRepository::row)
                .optional();
    }

    List<Trunk> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trunks ORDER BY name").query(TrunkRepository::row).list();
    }

    /** The trunk named {@code name} in any case (names are unique regardless of case, V26). */
    Optional<Trunk> findInAnyCase(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trunks WHERE lower(name) = lower(:name)")
                .param("name", name)
                .query(TrunkRepository::row)
                .optional();
    }

    /**
     * Inserts or updates the trunk; empty, changing nothing, when a trunk has its name in another case. One statement
     * on the case-insensitive unique index, so that two admins setting up 'priv' and 'PRIV' at once cannot both win.
     */
    Optional<Trunk> save(Trunk trunk, TwilioLink link) {
        return jdbc.sql("""
                        INSERT INTO trunks (name, calls_per_second, max_concurrent_calls, tenants, twilio_trunk_sid,
                                            twilio_tenant_id)
                        VALUES (:name, :cps, :cap, CAST(:tenants AS uuid[]), :twilioTrunkSid, :twilioTenant)
                        ON CONFLICT ((lower(name))) DO UPDATE
                           SET calls_per_second = EXCLUDED.calls_per_second,
                               max_concurrent_calls = EXCLUDED.max_concurrent_calls,
                               tenants = EXCLUDED.tenants,
                               twilio_trunk_sid = EXCLUDED.twilio_trunk_sid,
                               twilio_tenant_id = EXCLUDED.twilio_tenant_id,
                               updated_at = now()
                         WHERE trunks.name = EXCLUDED.name
                        RETURNING""" + " " + COLUMNS)
                .param("name", trunk.name())
                .param("cps", trunk.callsPerSecond())
                .param("cap", trunk.maxConcurrentCalls())
                .param("tenants", trunk.tenants() == null ? null : trunk.tenants().toArray(new UUID[0]))
                .param("twilioTrunkSid", link == null ? null : link.trunkSid())
                .param("twilioTenant", link == null || link.tenant() == null ? null : link.tenant().value())
                .query(TrunkRepository::row)
                .optional();
    }

    /** The trunk's Twilio Elastic SIP Trunk, when it has one. */
    Optional<TwilioLink> findLink(String name) {
        return jdbc.sql("SELECT twilio_trunk_sid, twilio_tenant_id FROM trunks WHERE name = :name"
                        + " AND twilio_trunk_sid IS NOT NULL")
                .param("name", name)
                .query((rs, i) -> {
                    UUID tenant = rs.getObject("twilio_tenant_id", UUID.class);
                    return new TwilioLink(rs.getString("twilio_trunk_sid"),
                            tenant == null ? null : new io.didpool.tenant.TenantId(tenant));
                })
                .optional();
    }

    private static Trunk row(ResultSet rs, int rowNum) throws SQLException {
        Array tenants = rs.getArray("tenants");
        return new Trunk(rs.getString("name"), rs.getDouble("calls_per_second"),
                (Integer) rs.getObject("max_concurrent_calls"),
                tenants == null ? null : Arrays.asList((UUID[]) tenants.getArray()), true);
    }
}
