package io.didpool.inbound;

import io.didpool.tenant.TenantId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of {@code inbound_settings} (V32): one row per tenant that set its settings. */
@Repository
class InboundSettingsRepository {

    private final JdbcClient jdbc;

    InboundSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's settings: one primary-key probe; empty when it never set any. */
    Optional<InboundSettings> find(TenantId tenant) {
        return jdbc.sql("""
                        SELECT default_route, lookback_days, match_across FROM inbound_settings
                         WHERE tenant_id = :tenant""")
                .param("tenant", tenant.value())
                .query((rs, i) -> new InboundSettings(rs.getString("default_route"), rs.getInt("lookback_days"),
                        MatchAcross.valueOf(rs.getString("match_across"))))
                .optional();
    }

    /** Stores the tenant's settings whole. */
    void save(TenantId tenant, InboundSettings settings) {
        jdbc.sql("""
                        INSERT INTO inbound_settings (tenant_id, default_route, lookback_days, match_across)
                        VALUES (:tenant, :defaultRoute, :lookbackDays, :matchAcross)
                        ON CONFLICT (tenant_id) DO UPDATE
                           SET default_route = EXCLUDED.default_route,
                               lookback_days = EXCLUDED.lookback_days,
                               match_across = EXCLUDED.match_across,
                               updated_at = now()""")
                .param("tenant", tenant.value())
                .param("defaultRoute", settings.defaultRoute())
                .param("lookbackDays", settings.lookbackDays())
                .param("matchAcross", settings.matchAcross().name())
                .update();
    }

    /**
     * Holds the tenant's settings until the transaction ends: two changes take turns on every instance, even for a
     * tenant with no row to lock yet, so that each audit entry's "before" is what its change replaced.
     */
    void lockSettings(TenantId tenant) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "didpool.inbound-settings/" + tenant.value())
                .query((rs, i) -> 1)
                .single();
    }
}
