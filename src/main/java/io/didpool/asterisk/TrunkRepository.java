package io.didpool.asterisk;

import io.didpool.tenant.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TrunkRepository {

    private final JdbcClient jdbc;

    TrunkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long countDids(TenantId tenant, String trunk) {
        return jdbc.sql("SELECT count(*) FROM asterisk_dids WHERE tenant_id = :tenant AND trunk = :trunk")
                .param("tenant", tenant.value()).param("trunk", trunk).query(Long.class).single();
    }
}
