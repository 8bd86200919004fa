package io.didpool.dialing;

import io.didpool.callinghours.CallingHoursService;
import io.didpool.callinghours.CallingWindows;
import io.didpool.callinghours.Opening;
import io.didpool.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Where calls stand with their calling hours, worked out on the service's {@link Clock} (docs/calling-hours.md): how
 * long each waits and how long its window then stays open, as durations from now, which the database adds to its own
 * {@code now()} ({@link QueuedCalls}). Asked when calls are queued and when the stretch a call was given has ended or
 * its hours changed: never by a claim of a call whose window is open.
 */
@Component
class CallingHoursWaits {

    private final CallingHoursService hours;
    private final Clock clock;

    CallingHoursWaits(CallingHoursService hours, Clock clock) {
        this.hours = hours;
        this.clock = clock;
    }

    /** The waits of the calls, in their order; the hours of each (tenant, journey, campaign) are read once. */
    List<Wait> waits(List<Subject> calls) {
        Instant now = clock.instant();
        Map<Subject, CallingWindows> windows = new HashMap<>();
        List<Wait> waits = new ArrayList<>(calls.size());
        for (Subject call : calls) {
            CallingWindows of = windows.computeIfAbsent(call.hoursKey(),
                    key -> hours.windows(key.tenant(), key.journeyId(), key.campaignId()));
            waits.add(Wait.of(of.next(call.destination(), now), now));
        }
        return waits;
    }

    /** The instant {@code at} of the database's clock, which reads {@code dbNow} now, on the service's clock. */
    Instant onClock(Instant at, Instant dbNow) {
        return clock.instant().plus(Duration.between(dbNow, at));
    }

    /** A call whose hours are asked: its tenant, journey, campaign (null: none) and destination. */
    record Subject(TenantId tenant, UUID journeyId, UUID campaignId, String destination) {

        static Subject of(CallRequest request) {
            return new Subject(request.tenant(), request.journeyId(), request.flowId(), request.destination());
        }

        private Subject hoursKey() {
            return new Subject(tenant, journeyId, campaignId, null);
        }
    }

    /**
     * A call's wait: {@code readyIn} from now it may start (0: at once); {@code closesIn} from now its window closes
     * (null: it does not); {@code until} (the clock's time it opens) and {@code zone} when it waits; {@code refusal}
     * when its hours never let it start (the others are then unused).
     */
    record Wait(Duration readyIn, Duration closesIn, Instant until, String zone, String refusal) {

        /** Worked out again at the first claim: a refused call ends there, unplaced, saying why. */
        static Wait refused(String why) {
            return new Wait(Duration.ZERO, Duration.ZERO, null, null, why);
        }

        static Wait of(Opening opening, Instant now) {
            if (opening.isRefused()) {
                return refused(opening.refusal());
            }
            Duration readyIn = Duration.between(now, opening.opensAt());
            boolean waits = !readyIn.isNegative() && !readyIn.isZero();
            return new Wait(waits ? readyIn : Duration.ZERO,
                    opening.closesAt() == null ? null : Duration.between(now, opening.closesAt()),
                    waits ? opening.opensAt() : null, waits ? opening.timeZone() : null, null);
        }

        boolean waits() {
            return until != null;
        }
    }
}
