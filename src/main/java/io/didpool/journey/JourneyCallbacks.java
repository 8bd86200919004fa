package io.didpool.journey;

import io.didpool.tenant.TenantId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** TEMPORARY stand-in until the callbackTo API lands. */
@Component
public class JourneyCallbacks {
    private final JdbcClient jdbc;

    JourneyCallbacks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> callbackTo(TenantId tenant, UUID journey) {
        return jdbc.sql("SELECT callback_to FROM journeys WHERE tenant_id = :t AND id = :id AND callback_to IS NOT NULL")
                .param("t", tenant.value()).param("id", journey).query(String.class).optional();
    }
}
