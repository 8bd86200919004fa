package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A destination keeps its DID for {@code stickyDays} after its last call and not after: the choice is aged by moving
 * its time back in the database, a few hours either side of the limit.
 */
class StickyDaysTest extends IntegrationTest {

    private static final String DESTINATION = "+13125550000";

    @Autowired
    AllocationService allocations;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void overHttpADestinationKeepsItsDidWithinStickyDaysAndGetsTheNextOneAfter() {
        ApiClient tenant = newTenant();
        for (String number : List.of("+14155550300", "+14155550301", "+14155550302")) {
            tenant.createDid(number, "sticky");
        }
        tenant.put("/api/asterisk-dids/segments/sticky/policy", Map.of("stickyDays", 7)).expect(200);
        Map<String, Object> call = Map.of("segment", "sticky", "destination", DESTINATION);
        String peek = "/api/asterisk-dids/next-available-by-segment?segment=sticky&destination=%2B13125550000";

        JsonNode first = tenant.post("/api/asterisk-dids/allocate", call).expect(200).json();
        String did = first.get("did").get("id").asString();
        assertThat(first.get("match").asString()).isEqualTo("ANY");

        chosenAgo(did, 7, -4);
        JsonNode looked = tenant.get(peek).expect(200).json();
        assertThat(looked.get("did").get("id").asString()).as("a look within the days").isEqualTo(did);
        assertThat(looked.get("match").asString()).isEqualTo("STICKY");
        JsonNode within = tenant.post("/api/asterisk-dids/allocate", call).expect(200).json();
        assertThat(within.get("did").get("id").asString()).as("within the days").isEqualTo(did);
        assertThat(within.get("match").asString()).isEqualTo("STICKY");

        chosenAgo(did, 7, 4);
        JsonNode lookedAfter = tenant.get(peek).expect(200).json();
        assertThat(lookedAfter.get("did").get("id").asString()).as("a look after the days").isNotEqualTo(did);
        assertThat(lookedAfter.get("match").asString()).isEqualTo("ANY");
        JsonNode after = tenant.post("/api/asterisk-dids/allocate", call).expect(200).json();
        String next = after.get("did").get("id").asString();
        assertThat(next).as("after the days: the least used").isNotEqualTo(did);
        assertThat(after.get("match").asString()).isEqualTo("ANY");
        // the new choice is the sticky one from now on
        JsonNode again = tenant.post("/api/asterisk-dids/allocate", call).expect(200).json();
        assertThat(again.get("did").get("id").asString()).isEqualTo(next);
        assertThat(again.get("match").asString()).isEqualTo("STICKY");
    }

    @Test
    void inTheCallersTransactionADestinationKeepsItsDidWithinStickyDaysAndGetsTheNextOneAfter() {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "sticky", 3, "+1415555");
        jdbc.sql("INSERT INTO segment_policies (tenant_id, segment, sticky_days) VALUES (:t, 'sticky', 7)")
                .param("t", tenant.value()).update();

        Allocation first = allocateNow(tenant);
        assertThat(first.match()).isEqualTo(Match.ANY);

        chosenAgo(first.did().id().toString(), 7, -4);
        Allocation within = allocateNow(tenant);
        assertThat(within.did().id()).as("within the days").isEqualTo(first.did().id());
        assertThat(within.match()).isEqualTo(Match.STICKY);

        chosenAgo(first.did().id().toString(), 7, 4);
        Allocation after = allocateNow(tenant);
        assertThat(after.did().id()).as("after the days: the least used").isNotEqualTo(first.did().id());
        assertThat(after.match()).isEqualTo(Match.ANY);
    }

    /** One allocation to the destination in a transaction of its own, as the dialer makes them. */
    private Allocation allocateNow(TenantId tenant) {
        return transactions.execute(status -> allocations.allocateNow(tenant,
                List.of(AllocationRequest.rotation("sticky", DESTINATION)))).get(0).allocation();
    }

    /** The DID's sticky choice was made {@code days} days and {@code hours} hours ago (days as the rule counts). */
    private void chosenAgo(String did, int days, int hours) {
        int moved = jdbc.sql("""
                        UPDATE sticky_caller_ids SET at = now() - :days * INTERVAL '1 day' - :hours * INTERVAL '1 hour'
                         WHERE did_id = CAST(:did AS uuid)""")
                .param("days", days).param("hours", hours).param("did", did).update();
        assertThat(moved).as("the DID's sticky choice").isEqualTo(1);
    }
}
