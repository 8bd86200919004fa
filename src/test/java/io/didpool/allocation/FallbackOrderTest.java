package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With its own segment unusable, a call takes its DID from the first of its fallback segments, in the order it lists
 * them, that has a usable one: two fallbacks are usable here, so that the order is what decides.
 */
class FallbackOrderTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void overHttpTheFirstUsableFallbackInTheOrderGivenServesAndALookSaysTheSame() {
        ApiClient tenant = newTenant();
        unusableMain(tenant);
        tenant.createDid("+14155550211", "b");
        tenant.createDid("+14155550221", "c");

        assertThat(segmentOfAllocation(tenant, List.of("b", "c"))).isEqualTo("b");
        assertThat(segmentOfAllocation(tenant, List.of("c", "b"))).isEqualTo("c");
        String look = "/api/asterisk-dids/next-available-by-segment?segment=main";
        assertThat(tenant.get(look + "&fallbackSegments=b&fallbackSegments=c").expect(200).json().get("segment")
                .asString()).isEqualTo("b");
        assertThat(tenant.get(look + "&fallbackSegments=c&fallbackSegments=b").expect(200).json().get("segment")
                .asString()).isEqualTo("c");
    }

    @Test
    void overHttpAFallbackThatRunsOutPartWayLeavesTheRestToTheNextOne() throws Exception {
        ApiClient tenant = newTenant();
        unusableMain(tenant);
        // b: two DIDs of one call an hour each; c: plenty
        tenant.createDid("+14155550211", "b");
        tenant.createDid("+14155550212", "b");
        tenant.put("/api/asterisk-dids/segments/b/policy", Map.of("maxCallsPerHour", 1)).expect(200);
        for (int i = 0; i < 5; i++) {
            tenant.createDid("+1415555022" + i, "c");
        }

        // at once, so that they meet in the pools' batches
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<String> segments = new ArrayList<>();
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(callers.submit(() -> segmentOfAllocation(tenant, List.of("b", "c"))));
            }
            for (Future<String> call : calls) {
                segments.add(call.get());
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(segments).containsExactlyInAnyOrder("b", "b", "c", "c");
        assertThat(segmentOfAllocation(tenant, List.of("b", "c"))).isEqualTo("c");
    }

    @Test
    void inTheCallersTransactionEachRequestTriesItsFallbacksInItsOwnOrder() {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "main", 1, "+1415555");
        jdbc.sql("UPDATE asterisk_dids SET status = 'inactive' WHERE tenant_id = :t AND segment = 'main'")
                .param("t", tenant.value()).update();
        // b and c: two and three DIDs of one call an hour each
        dids(jdbc, tenant, "b", 2, "+1212555");
        dids(jdbc, tenant, "c", 3, "+1312555");
        jdbc.sql("""
                        INSERT INTO segment_policies (tenant_id, segment, max_calls_per_hour)
                        VALUES (:t, 'b', 1), (:t, 'c', 1)""")
                .param("t", tenant.value()).update();
        AllocationRequest bThenC = new AllocationRequest(null, "main", null, List.of("b", "c"));
        AllocationRequest cThenB = new AllocationRequest(null, "main", null, List.of("c", "b"));
        List<AllocationRequest> requests = new ArrayList<>(Collections.nCopies(3, bThenC));
        requests.addAll(Collections.nCopies(2, cThenB));

        List<AllocationService.Result> results = transactions.execute(
                status -> allocations.allocateNow(tenant, requests));

        // b serves the first two of its three, c its own two; b's third then finds c's last DID
        assertThat(results.stream().map(r -> r.allocation().segment()))
                .containsExactly("b", "b", "c", "c", "c");
    }

    /** The segment "main", whose only DID is not selectable. */
    private static void unusableMain(ApiClient tenant) {
        String id = tenant.createDid("+14155550201", "main").get("id").asString();
        tenant.put("/api/asterisk-dids/" + id, Map.of("status", "inactive")).expect(200);
    }

    private static String segmentOfAllocation(ApiClient tenant, List<String> fallbacks) {
        return tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "main", "fallbackSegments", fallbacks))
                .expect(200).json().get("segment").asString();
    }
}
