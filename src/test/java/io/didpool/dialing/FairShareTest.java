package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FairShareTest {

    private static final UUID BIG = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID SMALL = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void aTenantNeverServedGoesFirstWhateverTheOtherHasQueued() {
        FairShare.Flow busy = new FairShare.Flow(UUID.randomUUID(), BIG, T0, T0);
        FairShare.Flow newcomer = new FairShare.Flow(UUID.randomUUID(), SMALL, null, null);

        assertThat(FairShare.next(List.of(busy, newcomer), 1)).containsExactly(newcomer);
    }

    @Test
    void tenantsAlternateAndATenantsCampaignsAlternateInsideItsTurns() {
        FairShare.Flow a1 = new FairShare.Flow(UUID.randomUUID(), BIG, T0.plusSeconds(1), T0.plusSeconds(2));
        FairShare.Flow a2 = new FairShare.Flow(UUID.randomUUID(), BIG, T0, T0.plusSeconds(2));
        FairShare.Flow b = new FairShare.Flow(UUID.randomUUID(), SMALL, T0, T0.plusSeconds(1));

        assertThat(FairShare.next(List.of(a1, a2, b), 6)).containsExactly(b, a2, b, a1, b, a2);
    }

    @Test
    void noFlowsNoPicks() {
        assertThat(FairShare.next(List.of(), 5)).isEmpty();
    }
}
