package io.didpool.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The claim's check costs one primary-key probe per claimed call: however long a tenant's list, the statement never
 * scans {@code suppressed_numbers}.
 */
class SuppressionProbeTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theClaimsCheckProbesThePrimaryKeyAndScansNothing() {
        ApiClient tenant = newTenant();
        String marker = "+1999" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000);
        tenant.put("/api/suppression/" + marker, Map.of()).expect(200);
        UUID id = jdbc.sql("SELECT tenant_id FROM suppressed_numbers WHERE number = :n").param("n", marker)
                .query(UUID.class).single();
        jdbc.sql("""
                        INSERT INTO suppressed_numbers (tenant_id, number)
                        SELECT :tenant, '+1650' || lpad(n::text, 7, '0') FROM generate_series(1, 50000) AS n
                        ON CONFLICT DO NOTHING""")
                .param("tenant", id).update();
        jdbc.sql("ANALYZE suppressed_numbers").update();

        UUID[] tenants = IntStream.range(0, 50).mapToObj(i -> id).toArray(UUID[]::new);
        String[] numbers = IntStream.range(0, 50).mapToObj(i -> "+1650" + String.format("%07d", i * 997))
                .toArray(String[]::new);
        String plan = String.join("\n", jdbc.sql("EXPLAIN " + SuppressionRepository.ACTIVE_AMONG)
                .param("tenants", tenants).param("numbers", numbers).query(String.class).list());

        assertThat(plan).contains("suppressed_numbers_pkey").doesNotContain("Seq Scan on suppressed_numbers");
    }
}
