package io.didpool.inbound;

import io.didpool.tenant.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** TEMPORARY stand-in until the settings API lands. */
@Service
public class InboundSettingsService {

    private final JdbcClient jdbc;

    InboundSettingsService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public InboundSettings settings(TenantId tenant) {
        return jdbc.sql("SELECT default_route, lookback_days, match_across FROM inbound_settings WHERE tenant_id = :t")
                .param("t", tenant.value())
                .query((rs, i) -> new InboundSettings(rs.getString(1), rs.getInt(2),
                        MatchAcross.valueOf(rs.getString(3))))
                .optional().orElse(new InboundSettings(null, 7, MatchAcross.DID));
    }
}
