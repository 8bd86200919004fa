package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where a queued call waits before it has a DID: the trunk of the DID its pools would give next in rotation order,
 * the segment's first, then each fallback's in order, else the tenant's; found with one index probe per pool.
 */
class NextTrunkTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCallWaitsOnTheTrunkOfItsPoolsNextSelectableDid() {
        TenantId tenant = tenant(jdbc);
        List<UUID> main = dids(jdbc, tenant, "main", 2, "+1212555");
        List<UUID> first = dids(jdbc, tenant, "first", 1, "+1646555");
        List<UUID> second = dids(jdbc, tenant, "second", 1, "+1718555");
        trunk(main.get(0), "MAIN0");
        trunk(main.get(1), "MAIN1");
        trunk(first.get(0), "FIRST");
        trunk(second.get(0), "SECOND");
        jdbc.sql("UPDATE asterisk_dids SET usage_count = 1 WHERE id = :id").param("id", main.get(0)).update();

        assertThat(next(tenant, "main")).contains("MAIN1");

        jdbc.sql("UPDATE asterisk_dids SET status = 'inactive' WHERE segment = 'main' AND tenant_id = :t")
                .param("t", tenant.value()).update();
        assertThat(next(tenant, "main", "first", "second")).contains("FIRST");
        assertThat(next(tenant, "main", "second", "first")).contains("SECOND");

        jdbc.sql("UPDATE asterisk_dids SET resting_until = now() + INTERVAL '1 hour' WHERE id = :id")
                .param("id", first.get(0)).update();
        assertThat(next(tenant, "main", "first", "second")).contains("SECOND");
        assertThat(next(tenant, "main", "first")).isEmpty();
        assertThat(allocations.nextTrunk(tenant, new AllocationRequest(null, null, null, null))).contains("SECOND");
    }

    private java.util.Optional<String> next(TenantId tenant, String segment, String... fallbacks) {
        return allocations.nextTrunk(tenant, new AllocationRequest(null, segment, null, List.of(fallbacks)));
    }

    private void trunk(UUID did, String trunk) {
        jdbc.sql("INSERT INTO trunks (name, calls_per_second) VALUES (:n, 1) ON CONFLICT DO NOTHING").param("n", trunk).update();
        jdbc.sql("UPDATE asterisk_dids SET trunk = :trunk WHERE id = :id").param("trunk", trunk).param("id", did)
                .update();
    }
}
