package io.didpool.allocation;

import static io.didpool.allocation.AllocationTestSupport.dids;
import static io.didpool.allocation.AllocationTestSupport.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** One batch with local presence, on the database, picks as the same allocations one by one would. */
class LocalPresenceBatchTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void regionPicksThatUseUpTheRowsReadForAnAreaCodeLeaveItsNextDidToItsOwnDestination() {
        TenantId tenant = tenant(jdbc);
        // ten DIDs, all in 415 (California), equally unused: rotation takes them by number
        dids(jdbc, tenant, "west", 10, "+1415555");
        jdbc.sql("INSERT INTO segment_policies (tenant_id, segment, local_presence) VALUES (:t, 'west', true)")
                .param("t", tenant.value()).update();
        // eight calls to 619 (California, no DID there: each takes the region's least used), then one to 415; the
        // batch reads fewer rows of 415 beyond its head than the region picks take from it
        List<AllocationRequest> requests = new ArrayList<>(
                Collections.nCopies(8, AllocationRequest.rotation("west", "+16195550100")));
        requests.add(AllocationRequest.rotation("west", "+14155550100"));

        List<AllocationService.Result> results = transactions.execute(
                status -> allocations.allocateNow(tenant, requests));

        for (int i = 0; i < 8; i++) {
            assertThat(results.get(i).allocation().did().number()).isEqualTo("+141555500%02d".formatted(i));
            assertThat(results.get(i).allocation().match()).isEqualTo(Match.REGION);
        }
        assertThat(results.get(8).allocation().did().number()).isEqualTo("+14155550008");
        assertThat(results.get(8).allocation().match()).isEqualTo(Match.AREA_CODE);
    }
}
