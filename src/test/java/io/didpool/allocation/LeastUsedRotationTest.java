package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.did.NanpGeography;
import io.didpool.did.SegmentPolicy;
import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The replay of a batch, on candidates as the database would hand them over (in rotation order). */
class LeastUsedRotationTest {

    static final UUID A = new UUID(0, 1);
    static final UUID B = new UUID(0, 2);
    static final UUID C = new UUID(0, 3);
    static final UUID D = new UUID(0, 4);
    static final Pool POOL = new Pool(new TenantId(new UUID(9, 9)), "s");
    static final SegmentPolicy LOCAL = new SegmentPolicy(true, null, null, 0, null, 50, 24);

    static Candidate candidate(UUID id, int rank, long usage, String number) {
        return candidate(id, rank, usage, number, 0, null);
    }

    static Candidate candidate(UUID id, int rank, long usage, String number, long callsToday,
            Integer maxPerDay) {
        String areaCode = number.substring(2, 5);
        return new Candidate(id, rank, usage, null, number, areaCode, NanpGeography.region(areaCode), 0,
                callsToday, null, maxPerDay);
    }

    /** Everything read as the head, so the read is complete whatever the batch needs. */
    static List<UUID> plan(SegmentPolicy policy, List<Candidate> pool, Map<String, UUID> sticky,
            List<String> destinations) {
        return planWithMatches(policy, pool, sticky, destinations).stream().map(LeastUsedRotation.Pick::did).toList();
    }

    static List<LeastUsedRotation.Pick> planWithMatches(SegmentPolicy policy, List<Candidate> pool,
            Map<String, UUID> sticky, List<String> destinations) {
        CandidateRead read = LeastUsedRotation.read(POOL, policy, Map.of(), destinations,
                new LeastUsedRotation.Growth(), null, 0);
        Set<UUID> head = new LinkedHashSet<>();
        pool.forEach(c -> head.add(c.id()));
        CandidateRead all = new CandidateRead(read.tenant(), read.segment(), pool.size() + 1,
                read.areaCodes(), read.regions(), read.localDestinations(), read.stickyDestinations(), read.stickyDays(), read.caps(),
                destinations.size(), null, false);
        return LeastUsedRotation.plan(all, new Candidates(pool, head, Map.of(), Map.of(), Map.of(),
                        Map.of(), sticky, null),
                policy, destinations).picks();
    }

    @Test
    void anAllocationThatMayOnlyTakeALocalDidPassesOnWithoutOneAndCountsNothing() {
        // a pool without a policy of its own, as a fallback segment: its 212 DID is less used than the 415 one
        List<Candidate> pool = List.of(candidate(A, 0, 0, "+12125550001"), candidate(B, 1, 3, "+14155550002"),
                candidate(C, 2, 2, "+13105550003"));
        List<String> destinations = List.of("+14155559999", "+16195559999", "+13125559999", "+16195559998",
                "+14155559998");
        List<Reach> reaches = List.of(Reach.AREA_CODE, Reach.AREA_CODE, Reach.REGION, Reach.REGION, Reach.ANY);
        CandidateRead read = LeastUsedRotation.read(POOL, SegmentPolicy.NONE, Map.of(), destinations, reaches,
                new LeastUsedRotation.Growth(), null, 0);
        assertThat(read.localDestinations()).containsExactly("+14155559999", "+16195559999", "+13125559999",
                "+16195559998");
        Set<UUID> head = new LinkedHashSet<>(List.of(A, B, C));
        CandidateRead all = new CandidateRead(read.tenant(), read.segment(), pool.size() + 1, read.areaCodes(),
                read.regions(), read.localDestinations(), read.stickyDestinations(), read.stickyDays(), read.caps(),
                destinations.size(), null, false);
        List<LeastUsedRotation.Pick> picks = LeastUsedRotation.plan(all, new Candidates(pool, head, Map.of(),
                Map.of(), Map.of(), Map.of(), Map.of(), null), SegmentPolicy.NONE, destinations, reaches).picks();

        assertThat(picks.get(0)).isEqualTo(new LeastUsedRotation.Pick(B, Match.AREA_CODE));
        // San Diego: no 619 DID, and the region may not be taken at this reach
        assertThat(picks.get(1)).isEqualTo(LeastUsedRotation.Pick.PASSED_ON);
        // Chicago: neither its area code nor Illinois here, and any DID may not be taken at this reach
        assertThat(picks.get(2)).isEqualTo(LeastUsedRotation.Pick.PASSED_ON);
        // San Diego again, now to California: the less used of its DIDs (310 at 2, 415 at 4 after its pick)
        assertThat(picks.get(3)).isEqualTo(new LeastUsedRotation.Pick(C, Match.REGION));
        // today's rotation: the pool's policy has no local presence, so the least used DID, whatever its area code
        assertThat(picks.get(4)).isEqualTo(new LeastUsedRotation.Pick(A, Match.ANY));
        // FIRST_OF_FALLBACKS is today's rotation unless the policy spreads local presence across the fallbacks
        assertThat(Reach.FIRST_OF_FALLBACKS.under(LOCAL)).isEqualTo(Reach.ANY);
        assertThat(Reach.FIRST_OF_FALLBACKS.under(new SegmentPolicy(true, null, null, 0, null, 50, 24, true)))
                .isEqualTo(Reach.AREA_CODE);
    }

    static List<String> unknown(int k) {
        return new ArrayList<>(Collections.nCopies(k, null));
    }

    @Test
    void batchTakesTheLeastUsedAgainUntilItCatchesUp() {
        List<Candidate> pool = List.of(candidate(A, 0, 5, "+14155550001"),
                candidate(B, 1, 7, "+14155550002"));
        assertThat(plan(SegmentPolicy.NONE, pool, Map.of(), unknown(3))).containsExactly(A, A, B);
    }

    @Test
    void didPickedInBatchGoesBehindUnpickedDidsOfEqualCount() {
        List<Candidate> pool = List.of(candidate(A, 0, 0, "+14155550001"),
                candidate(B, 1, 1, "+14155550002"), candidate(C, 2, 1, "+14155550003"));
        // A catches up with B and C after one pick, but B and C were used longer ago than A's pick.
        assertThat(plan(SegmentPolicy.NONE, pool, Map.of(), unknown(5))).containsExactly(A, B, C, A, B);
    }

    @Test
    void batchLargerThanPoolCyclesRoundRobin() {
        List<Candidate> pool = List.of(candidate(A, 0, 2, "+14155550001"),
                candidate(B, 1, 2, "+14155550002"));
        assertThat(plan(SegmentPolicy.NONE, pool, Map.of(), unknown(5))).containsExactly(A, B, A, B, A);
    }

    @Test
    void emptyPoolPlansNothing() {
        assertThat(plan(SegmentPolicy.NONE, List.of(), Map.of(), unknown(2))).containsExactly(null, null);
    }

    @Test
    void localPresenceTakesTheAreaCodeThenTheRegionThenAnyEachInRotationOrder() {
        // A: New York (212), least used of all; B and C: California, B in 415 and C in 310; D: San Francisco 415
        List<Candidate> pool = List.of(candidate(A, 0, 0, "+12125550001"),
                candidate(B, 1, 1, "+14155550002"), candidate(C, 2, 2, "+13105550003"),
                candidate(D, 3, 3, "+14155550004"));
        List<LeastUsedRotation.Pick> picks = planWithMatches(LOCAL, pool, Map.of(),
                List.of("+14155551234", "+14155551234", "+14155551234", "+16195550000", "+18005550000"));
        assertThat(picks).containsExactly(
                new LeastUsedRotation.Pick(B, Match.AREA_CODE),
                new LeastUsedRotation.Pick(B, Match.AREA_CODE), // B at 2 is still below D at 3
                new LeastUsedRotation.Pick(D, Match.AREA_CODE), // B at 3 now goes behind D, never picked
                new LeastUsedRotation.Pick(C, Match.REGION),    // 619 is California too: C (2) beats B and D (4)
                new LeastUsedRotation.Pick(A, Match.ANY));      // toll-free: no area code to match, A (0) is next
    }

    @Test
    void aDidAtItsCapIsSkippedAtEveryLevel() {
        List<Candidate> pool = List.of(candidate(A, 0, 0, "+14155550001", 8, 10),
                candidate(B, 1, 5, "+14155550002", 0, 10));
        // A has 2 calls left today: then B, in its own area code, though A stays the least used
        assertThat(plan(LOCAL, pool, Map.of(), List.of("+14155551234", "+14155551234", "+14155551234", "+1212555000")))
                .containsExactly(A, A, B, B);
    }

    @Test
    void aStickyDestinationGetsItsDidAgainAndTheBatchRemembersWhatItGave() {
        SegmentPolicy sticky = new SegmentPolicy(false, null, null, 7, null, 50, 24);
        List<Candidate> pool = List.of(candidate(A, 0, 0, "+14155550001"),
                candidate(B, 1, 9, "+14155550002"));
        List<LeastUsedRotation.Pick> picks = planWithMatches(sticky, pool, Map.of("+13105550000", B),
                List.of("+13105550000", "+16195550000", "+16195550000", "+13105550000"));
        assertThat(picks).containsExactly(new LeastUsedRotation.Pick(B, Match.STICKY),
                new LeastUsedRotation.Pick(A, Match.ANY), new LeastUsedRotation.Pick(A, Match.STICKY),
                new LeastUsedRotation.Pick(B, Match.STICKY));
    }

    @Test
    void asksForMoreCandidatesWhenALevelReadToTheLimitIsUsedUp() {
        // the batch read one row of 415 beyond the head (limit 1) and two destinations in 415 want it
        CandidateRead read = new CandidateRead(POOL.tenant(), "s", 2,
                Map.of("415", 1), Map.of("CA", 1), List.of("+14155551234", "+14155551234"), List.of(), 0, Map.of(), 2,
                null, true);
        List<Candidate> pool = List.of(candidate(A, 0, 0, "+12125550001"),
                candidate(B, 1, 0, "+12125550002"), candidate(C, 2, 5, "+14155550003"));
        Map<String, Set<UUID>> area = new HashMap<>();
        area.put("415", Set.of(C));
        Candidates candidates = new Candidates(pool, new LinkedHashSet<>(List.of(A, B)), area,
                Map.of(), Map.of("415", 1), Map.of("CA", 5), Map.of(), null);
        assertThatThrownBy(() -> LeastUsedRotation.plan(read, candidates, LOCAL, List.of("+14155551234",
                "+14155551234"))).isInstanceOf(LeastUsedRotation.MoreCandidatesNeeded.class)
                .hasMessageContaining("area code 415");
    }

    @Test
    void asksForMoreCandidatesWhenEveryRowReadForALevelIsAlreadyAtItsCap() {
        // rows are read without counting calls: the only 415 row read beyond the head turns out to be capped
        CandidateRead read = new CandidateRead(POOL.tenant(), "s", 1,
                Map.of("415", 1), Map.of("CA", 1), List.of("+14155551234", "+14155551234"), List.of(), 0, Map.of(), 2,
                null, true);
        List<Candidate> pool = List.of(candidate(A, 0, 0, "+12125550001"),
                candidate(C, 1, 5, "+14155550003", 10, 10));
        Candidates candidates = new Candidates(pool, new LinkedHashSet<>(List.of(A)),
                Map.of("415", Set.of(C)), Map.of(), Map.of("415", 1), Map.of("CA", 5), Map.of(), null);
        assertThatThrownBy(() -> LeastUsedRotation.plan(read, candidates, LOCAL, List.of("+14155551234")))
                .isInstanceOf(LeastUsedRotation.MoreCandidatesNeeded.class);
    }

    @Test
    void aReadAfterALevelAskedForMoreGrowsThatLevelOnly() {
        List<String> destinations = List.of("+14155551234", "+13105551234", "+12125551234");
        LeastUsedRotation.Growth growth = new LeastUsedRotation.Growth();
        CandidateRead first = LeastUsedRotation.read(POOL, LOCAL, Map.of(), destinations, growth, null, 0);
        growth.grow(LeastUsedRotation.Growth.areaCode("415"));
        CandidateRead again = LeastUsedRotation.read(POOL, LOCAL, Map.of(), destinations, growth, null, 0);

        assertThat(again.areaCodes().get("415")).isEqualTo(4 * first.areaCodes().get("415"));
        assertThat(again.areaCodes().get("310")).isEqualTo(first.areaCodes().get("310"));
        assertThat(again.areaCodes().get("212")).isEqualTo(first.areaCodes().get("212"));
        assertThat(again.regions()).isEqualTo(first.regions());
        assertThat(again.head()).isEqualTo(first.head());
    }

    @Test
    void withLocalPresenceTheHeadIsSmallAndABatchWhoseAnyPicksOutrunItAsksForMoreOfThePool() {
        // Colorado: no DID of its area code or region, so every allocation falls to ANY
        List<String> destinations = Collections.nCopies(8, "+13035551234");
        CandidateRead read = LeastUsedRotation.read(POOL, LOCAL, Map.of(), destinations,
                new LeastUsedRotation.Growth(), null, 0);
        assertThat(read.head()).isEqualTo(2);
        assertThat(LeastUsedRotation.read(POOL, SegmentPolicy.NONE, Map.of(), destinations,
                new LeastUsedRotation.Growth(), null, 0).head()).isEqualTo(8);

        List<Candidate> pool = List.of(candidate(A, 0, 0, "+12125550001"),
                candidate(B, 1, 0, "+12125550002"));
        Candidates candidates = new Candidates(pool, new LinkedHashSet<>(List.of(A, B)),
                Map.of(), Map.of(), read.areaCodes(), read.regions(), Map.of(), null);
        assertThatThrownBy(() -> LeastUsedRotation.plan(read, candidates, LOCAL, destinations))
                .isInstanceOf(LeastUsedRotation.MoreCandidatesNeeded.class).hasMessageContaining("the pool");
    }

    @Test
    void theHeadGrowsToWhatFellThroughInThePoolsPreviousBatchAndAQuarterMore() {
        List<String> destinations = Collections.nCopies(16, "+14155551234");
        LeastUsedRotation.Growth growth = new LeastUsedRotation.Growth();

        assertThat(LeastUsedRotation.read(POOL, LOCAL, Map.of(), destinations, growth, null, 0).head()).isEqualTo(4);
        assertThat(LeastUsedRotation.read(POOL, LOCAL, Map.of(), destinations, growth, null, 8).head()).isEqualTo(10);
        // never more than the allocations with local presence
        assertThat(LeastUsedRotation.read(POOL, LOCAL, Map.of(), destinations, growth, null, 16).head()).isEqualTo(16);
    }

    @Test
    void aPlanCountsTheAllocationsWithLocalPresenceThatFellThroughToThePool() {
        // 415 (and California) has one DID, C, one call from its cap: the second call to 415 and the call to
        // Colorado fall through to the pool
        List<Candidate> pool = List.of(candidate(A, 0, 0, "+12125550001"),
                candidate(B, 1, 0, "+12125550002"), candidate(C, 2, 0, "+14155550003", 9, 10));
        List<String> destinations = List.of("+14155551234", "+14155551235", "+13035551234");

        List<LeastUsedRotation.Pick> picks = planWithMatches(LOCAL, pool, Map.of(), destinations);

        assertThat(picks).extracting(LeastUsedRotation.Pick::match)
                .containsExactly(Match.AREA_CODE, Match.ANY, Match.ANY);
        CandidateRead read = LeastUsedRotation.read(POOL, LOCAL, Map.of(), destinations,
                new LeastUsedRotation.Growth(), null, 0);
        Set<UUID> all = new LinkedHashSet<>(List.of(A, B, C));
        CandidateRead whole = new CandidateRead(read.tenant(), read.segment(), 4,
                read.areaCodes(), read.regions(), read.localDestinations(), List.of(), 0, Map.of(), 3, null, false);
        assertThat(LeastUsedRotation.plan(whole, new Candidates(pool, all, Map.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), null), LOCAL, destinations).localFellThrough()).isEqualTo(2);
    }
}
