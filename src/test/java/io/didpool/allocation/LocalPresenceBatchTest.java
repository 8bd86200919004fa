package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.did.SegmentPolicy;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
    @Autowired
    CandidateReader usage;

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

    @Test
    void aFirstReadLeavesOutTheAreaCodeOfADestinationThatKeepsItsStickyDid() {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "west", 4, "+1415555");
        dids(jdbc, tenant, "west", 4, "+1310555");
        SegmentPolicy policy = policy(tenant, 4);
        allocations.allocate(tenant, AllocationRequest.rotation("west", "+14155550100"));
        // its sticky DID has 1 call: the batch's 2 allocations cannot bring it to the cap of 4
        List<String> destinations = List.of("+14155550100", "+13105550100");

        Candidates first = read(tenant, policy, destinations, new LeastUsedRotation.Growth());

        assertThat(first.areaLimits()).containsEntry("415", 0).containsEntry("310", 2);
        assertThat(first.regionLimits()).containsEntry("CA", 2);
        assertThat(first.areaCodeRows()).doesNotContainKey("415");
        assertThat(first.sticky()).containsKey("+14155550100");

        // read again after a replay asked for more of 310: every destination counts, 310's rows four times over
        LeastUsedRotation.Growth grown = new LeastUsedRotation.Growth();
        grown.grow(LeastUsedRotation.Growth.areaCode("310"));
        CandidateRead again = LeastUsedRotation.read(new Pool(tenant, "west"), policy,
                Map.of("west", policy), destinations, grown, null, 0);
        Candidates reread = usage.readCandidates(again);
        // an area code: its destinations, one more, and a quarter (rounded up) of its region's other destinations
        assertThat(reread.areaLimits()).isEqualTo(Map.of("415", 1 + 1 + 1, "310", 4 * (1 + 1 + 1)));
        // a region: its destinations and one more
        assertThat(reread.regionLimits()).isEqualTo(Map.of("CA", 2 + 1));
    }

    @Test
    void withoutStickyCallerIdTheDatabaseSizesEachLocalPartFromEveryDestination() {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "west", 4, "+1415555");
        jdbc.sql("INSERT INTO segment_policies (tenant_id, segment, local_presence) VALUES (:t, 'west', true)")
                .param("t", tenant.value()).update();
        SegmentPolicy policy = new SegmentPolicy(true, null, null, 0, null,
                SegmentPolicy.DEFAULT_HEALTH_WINDOW_CALLS, SegmentPolicy.DEFAULT_REST_HOURS);
        // three calls to 415, one to 310 (both California), one to 303 (Colorado), one to a number without area code
        List<String> destinations = List.of("+14155550100", "+14155550100", "+14155550101", "+13105550100",
                "+13035550100", "+442071838750");

        Candidates first = read(tenant, policy, destinations, new LeastUsedRotation.Growth());

        assertThat(first.areaLimits()).isEqualTo(Map.of("415", 3 + 1 + 1, "310", 1 + 1 + 1, "303", 1 + 1));
        assertThat(first.regionLimits()).isEqualTo(Map.of("CA", 4 + 1, "CO", 1 + 1));
    }

    @Test
    void aFirstReadReadsTheAreaCodeOfADestinationWhoseStickyDidTheBatchCouldBringToACap() {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "west", 4, "+1415555");
        SegmentPolicy policy = policy(tenant, 3);
        allocations.allocate(tenant, AllocationRequest.rotation("west", "+14155550100"));
        // 1 call, and 2 allocations in the batch: the second could find it at the cap of 3, then wants a 415 DID
        List<String> destinations = List.of("+14155550100", "+14155550199");

        Candidates first = read(tenant, policy, destinations, new LeastUsedRotation.Growth());

        assertThat(first.areaLimits()).containsEntry("415", 3);
        assertThat(first.sticky()).containsKey("+14155550100");
    }

    /** The segment's policy: local presence, sticky for 30 days, at most {@code perDay} calls a day per DID. */
    private SegmentPolicy policy(TenantId tenant, int perDay) {
        jdbc.sql("""
                        INSERT INTO segment_policies (tenant_id, segment, local_presence, max_calls_per_day,
                                                      sticky_days)
                        VALUES (:t, 'west', true, :perDay, 30)""")
                .param("t", tenant.value()).param("perDay", perDay).update();
        return new SegmentPolicy(true, null, perDay, 30, null, SegmentPolicy.DEFAULT_HEALTH_WINDOW_CALLS,
                SegmentPolicy.DEFAULT_REST_HOURS);
    }

    private Candidates read(TenantId tenant, SegmentPolicy policy, List<String> destinations,
            LeastUsedRotation.Growth growth) {
        return usage.readCandidates(LeastUsedRotation.read(new Pool(tenant, "west"), policy, Map.of("west", policy),
                destinations, growth, null, 0));
    }
}
