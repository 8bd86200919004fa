package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.did.UsageStore;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeastUsedRotationTest {

    static final UUID A = new UUID(0, 1);
    static final UUID B = new UUID(0, 2);
    static final UUID C = new UUID(0, 3);

    @Test
    void batchTakesTheLeastUsedAgainUntilItCatchesUp() {
        List<UsageStore.Candidate> pool = List.of(
                new UsageStore.Candidate(A, 5), new UsageStore.Candidate(B, 7));
        assertThat(LeastUsedRotation.plan(pool, 3).picks()).containsExactly(A, A, B);
    }

    @Test
    void didPickedInBatchGoesBehindUnpickedDidsOfEqualCount() {
        List<UsageStore.Candidate> pool = List.of(new UsageStore.Candidate(A, 0),
                new UsageStore.Candidate(B, 1), new UsageStore.Candidate(C, 1));
        // A catches up with B and C after one pick, but B and C were used longer ago than A's pick.
        assertThat(LeastUsedRotation.plan(pool, 5).picks()).containsExactly(A, B, C, A, B);
    }

    @Test
    void batchLargerThanPoolCyclesRoundRobin() {
        List<UsageStore.Candidate> pool = List.of(
                new UsageStore.Candidate(A, 2), new UsageStore.Candidate(B, 2));
        LeastUsedRotation.Plan plan = LeastUsedRotation.plan(pool, 5);
        assertThat(plan.picks()).containsExactly(A, B, A, B, A);
        LeastUsedRotation.Writes writes = plan.writes();
        assertThat(writes.ids()).containsExactly(A, B);
        assertThat(writes.uses()).containsExactly(3, 2);
        assertThat(writes.lastPick()).containsExactly(4, 3);
    }

    @Test
    void emptyPoolPlansNothing() {
        assertThat(LeastUsedRotation.plan(List.of(), 4).picks()).isEmpty();
    }
}
