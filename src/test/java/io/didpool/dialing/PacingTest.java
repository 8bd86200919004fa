package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The slot arithmetic of a trunk's pace, against the one-second windows a carrier counts in. */
class PacingTest {

    private static final DialingProperties DEFAULTS = new DialingProperties(true, 0.06, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofMillis(40), 50, 4, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 3,
            Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @ParameterizedTest
    @ValueSource(doubles = {1, 2, 5, 15, 100, 1000})
    void originatesThatLeaveWithinTheirLatenessNeverPutMoreThanTheLimitInAnyOneSecondWindow(double cps) {
        Pacing pacing = Pacing.of(cps, DEFAULTS);
        Random random = new Random(42);
        List<Instant> sent = new ArrayList<>();
        Instant next = T0.minusSeconds(60);
        Instant now = T0;
        while (now.isBefore(T0.plusSeconds(30))) {
            Pacing.Slots slots = pacing.due(next, now, 50);
            for (int i = 0; i < slots.count(); i++) {
                Instant slot = pacing.slot(slots.first(), i);
                // the Originate leaves at its slot or at once, after a DID is chosen and the action written
                Instant leaves = (slot.isBefore(now) ? now : slot).plusMillis(random.nextInt(50));
                if (!leaves.isAfter(slot.plus(DEFAULTS.maxLateness()))) {
                    sent.add(leaves);
                }
            }
            next = pacing.after(slots.first(), slots.count());
            // claims come at irregular times, often late
            now = now.plusMillis(1 + random.nextInt(60));
        }
        assertThat(sent).hasSizeGreaterThan((int) (cps * 15));
        assertThat(maxInAnyWindow(sent, Duration.ofSeconds(1))).isLessThanOrEqualTo((int) cps);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 15, 100})
    void aTrunkWithCallsWaitingIsPacedAtLeastAtNinetyPercentOfItsLimit(double cps) {
        Pacing pacing = Pacing.of(cps, DEFAULTS);
        Instant next = T0;
        Instant now = T0;
        int handedOut = 0;
        while (now.isBefore(T0.plusSeconds(60))) {
            Pacing.Slots slots = pacing.due(next, now, 50);
            handedOut += slots.count();
            next = pacing.after(slots.first(), slots.count());
            now = now.plusMillis(10);
        }
        assertThat(handedOut / 60.0).isGreaterThanOrEqualTo(0.9 * cps).isLessThanOrEqualTo(cps);
    }

    @Test
    void nothingIsDueBeforeTheNextSlotLessTheLookahead() {
        Pacing pacing = Pacing.of(1, DEFAULTS);
        Pacing.Slots slots = pacing.due(T0.plusSeconds(1), T0, 50);

        assertThat(slots.count()).isZero();
        assertThat(slots.lookAgainAt()).isEqualTo(T0.plusSeconds(1).minus(DEFAULTS.lookahead()));
    }

    @Test
    void aLimitOfHalfACallPerSecondSpacesSetUpsMoreThanTwoSecondsApart() {
        Pacing pacing = Pacing.of(0.5, DEFAULTS);
        Pacing.Slots first = pacing.due(T0, T0, 50);

        assertThat(first.count()).isEqualTo(1);
        assertThat(Duration.between(first.first(), pacing.after(first.first(), 1)))
                .isGreaterThan(Duration.ofSeconds(2));
    }

    @Test
    void aCapOfSlotsIsRespected() {
        Pacing pacing = Pacing.of(1000, DEFAULTS);

        assertThat(pacing.due(T0, T0, 7).count()).isEqualTo(7);
        assertThat(pacing.due(T0, T0, 0).count()).isZero();
    }

    static int maxInAnyWindow(List<Instant> times, Duration window) {
        List<Instant> sorted = times.stream().sorted().toList();
        int max = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (!sorted.get(start).plus(window).isAfter(sorted.get(end))) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
