package io.didpool.dialing;

import io.didpool.callinghours.CallingHoursService;
import io.didpool.callinghours.CallingWindows;
import io.didpool.callinghours.Opening;
import io.didpool.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where calls stand with their calling hours, worked out on the service's {@link Clock} (docs/dialing.md): when each
 * may start and when its window then closes, turned into the database's time ({@link QueuedCalls}). Asked when calls
 * are queued and when the stretch a call was given has ended or its hours changed: never by a claim of a call whose
 * window is open.
 *
 * <p>The two clocks are read together: the service's before and after one read of the database's
 * {@code clock_timestamp()} (not {@code now()}, the start of a transaction that may have queued 100,000 executions
 * first). Both run at one pace, so an instant of one is the other's plus their offset, known to within that round
 * trip; an opening is placed at the late end of it and a close at the early end, so that the error, a fraction of a
 * millisecond, never lets a call start outside its window.
 */
@Component
class CallingHoursWaits {

    private final CallingHoursService hours;
    private final Clock clock;
    private final JdbcClient jdbc;

    CallingHoursWaits(CallingHoursService hours, Clock clock, JdbcClient jdbc) {
        this.hours = hours;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** The waits of the calls, in their order; the hours of each (tenant, journey, campaign) are read once. */
    List<Wait> waits(List<Subject> calls) {
        return waits(calls, Duration.ZERO);
    }

    /**
     * The waits of the calls, none of which may start before {@code delay} from now (a recycled attempt; zero: as
     * soon as its window allows), or before its own {@link Subject#notBefore}: a call ready only after that waits
     * for it ({@link WaitReason#RECYCLE}), or for its window when that opens later still.
     */
    List<Wait> waits(List<Subject> calls, Duration delay) {
        if (calls.isEmpty()) {
            return List.of();
        }
        Readings now = read();
        Map<Subject, CallingWindows> windows = new HashMap<>();
        List<Wait> waits = new ArrayList<>(calls.size());
        for (Subject call : calls) {
            CallingWindows of = windows.computeIfAbsent(call.hoursKey(),
                    key -> hours.windows(key.tenant(), key.journeyId(), key.campaignId()));
            Instant notBefore = call.notBefore() != null ? call.notBefore()
                    : delay.isZero() ? null : now.database().plus(delay);
            if (notBefore != null && !notBefore.isAfter(now.database())) {
                notBefore = null; // its delay is over: it waits for nothing but its window
            }
            Instant from = notBefore == null ? now.before() : now.onClock(notBefore);
            waits.add(now.waitFor(of.next(call.destination(), from), from, notBefore));
        }
        return waits;
    }

    private Readings read() {
        Instant before = clock.instant();
        Instant database = jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
        return new Readings(before, database, clock.instant());
    }

    /** The service's clock {@code before} and {@code after} the database's read {@code database}. */
    private record Readings(Instant before, Instant database, Instant after) {

        /** The database's time of {@code at}, on the service's clock, at its latest. */
        Instant latest(Instant at) {
            return database.plus(Duration.between(before, at));
        }

        /** The database's time of {@code at}, on the service's clock, at its earliest. */
        Instant earliest(Instant at) {
            return database.plus(Duration.between(after, at));
        }

        /** The service clock's time of {@code at} of the database's clock (at its latest, as {@link #latest}). */
        Instant onClock(Instant at) {
            return before.plus(Duration.between(database, at));
        }

        /**
         * The wait of a call whose window, from {@code from} (the service's clock), is {@code opening};
         * {@code notBefore} (the database's time; null: none) is the end of a recycled attempt's delay, which
         * {@code from} is on the service's clock.
         */
        Wait waitFor(Opening opening, Instant from, Instant notBefore) {
            if (opening.isRefused()) {
                return Wait.refused(opening.refusal(), database);
            }
            Instant closesAt = opening.closesAt() == null ? null : earliest(opening.closesAt());
            if (opening.opensAt().isAfter(from)) {
                return new Wait(latest(opening.opensAt()), closesAt, opening.opensAt(), opening.timeZone(), null,
                        WaitReason.CALLING_HOURS, notBefore);
            }
            if (notBefore != null) {
                return new Wait(notBefore, closesAt, from, null, null, WaitReason.RECYCLE, notBefore);
            }
            return new Wait(database, closesAt, null, null, null, null, null);
        }
    }

    /** The instant {@code at} of the database's clock, which reads {@code dbNow} now, on the service's clock. */
    Instant onClock(Instant at, Instant dbNow) {
        return clock.instant().plus(Duration.between(dbNow, at));
    }

    /**
     * A call whose hours are asked: its tenant, journey, campaign (null: none) and destination; {@code notBefore}: the
     * database's time before which it may not start (a recycled attempt; null: none).
     */
    record Subject(TenantId tenant, UUID journeyId, UUID campaignId, String destination, Instant notBefore) {

        static Subject of(CallRequest request) {
            return new Subject(request.tenant(), request.journeyId(), request.flowId(), request.destination(), null);
        }

        private Subject hoursKey() {
            return new Subject(tenant, journeyId, campaignId, null, null);
        }
    }

    /**
     * A call's wait, in the database's time: it may start from {@code readyAt}, its window closes at {@code closesAt}
     * (null: it does not); when it waits, {@code reason} (CALLING_HOURS or RECYCLE), {@code until} (the service's
     * clock's time it may start) and {@code zone} (of calling hours); {@code refusal} when its hours never let it
     * start; {@code notBefore}: a recycled attempt's end of delay, still ahead (else null).
     */
    record Wait(Instant readyAt, Instant closesAt, Instant until, String zone, String refusal, WaitReason reason,
            Instant notBefore) {

        /** Queued with its window closed: its first claim works it out again and ends it unplaced, saying why. */
        static Wait refused(String why, Instant now) {
            return new Wait(now, now, null, null, why, null, null);
        }

        boolean waits() {
            return reason != null;
        }
    }
}
