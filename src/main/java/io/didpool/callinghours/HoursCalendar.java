package io.didpool.callinghours;

import io.didpool.callinghours.CallingHours.Window;
import io.didpool.callinghours.DestinationFacts.Facts;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link CallingHours} applied to destinations: in each of a destination's zones, a local date's window is the
 * stretch of instants from its start to its end on that date's local wall clock (so 08:00 stays 08:00 local on the
 * days clocks change); the destination is open when it is inside a window in every zone at once.
 *
 * <p>The search walks forward from the time asked about: each zone gives its first window ending after the candidate
 * instant; when one of them starts later, the candidate moves to the latest such start, until every zone's window holds
 * it (or none does within {@link #HORIZON}: the destination is refused). Windows that touch (a day to 24:00, the next
 * from 00:00) are one stretch, so round-the-clock hours never close.
 *
 * <p>A local start time that does not exist (in the hour clocks skip) is taken as {@link ZonedDateTime} resolves it:
 * moved later by the gap's length (02:30 on a spring-forward day in New York is 03:30 EDT); one that exists twice (in
 * the hour clocks repeat) is its first occurrence. A window whose start so resolved is not before its end is empty.
 */
final class HoursCalendar implements CallingWindows {

    /** How far ahead an opening is looked for: beyond a year, so one closed date a year cannot hide every day. */
    static final Duration HORIZON = Duration.ofDays(400);

    /**
     * The zones a destination of unknown zone is taken to be in under {@link CallingHours.TimeZoneUnknown#STRICTEST}:
     * those of the contiguous United States, where didpool's destinations of unknown place (toll-free, unassigned or
     * ported numbers) are mostly answered, Phoenix among them because Arizona keeps standard time all year. Alaska and
     * Hawaii are left out: with them the window would shrink to a few hours for every such call.
     */
    static final List<ZoneId> CONTINENTAL_US = List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Chicago"),
            ZoneId.of("America/Denver"), ZoneId.of("America/Phoenix"), ZoneId.of("America/Los_Angeles"));

    private final CallingHours hours;
    private final Set<LocalDate> closedDates;
    private final DestinationFacts facts;

    /**
     * {@code hours} applied to destinations, each in its own time zones (libphonenumber's, from the number) and region;
     * the result is immutable and safe to share between threads.
     */
    static CallingWindows of(CallingHours hours) {
        return new HoursCalendar(hours, DestinationFacts.shared());
    }

    HoursCalendar(CallingHours hours, DestinationFacts facts) {
        this.hours = hours;
        this.closedDates = new HashSet<>(hours.closedDates());
        this.facts = facts;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code timeZone} is the zone whose window start decided {@code opensAt} when the destination waits; when it is
     * open already at {@code at}, the zone whose window closes first (the first zone listed when none closes).
     */
    @Override
    public Opening next(String destination, Instant at) {
        Facts known = facts.of(destination);
        List<ZoneId> zones = known.zones();
        String region = known.region();
        if (known.zoneUnknown()) {
            if (hours.timeZoneUnknown() == CallingHours.TimeZoneUnknown.REFUSE) {
                return Opening.refused("time zone unknown for " + destination);
            }
            zones = CONTINENTAL_US;
        }
        Map<DayOfWeek, Window> week = weekOf(region);
        if (week.isEmpty()) {
            return Opening.refused("no day of the week has calling hours"
                    + (region != null && hours.regions().containsKey(region) ? " in " + region : ""));
        }
        return earliestInEveryZone(destination, zones, week, at);
    }

    private Map<DayOfWeek, Window> weekOf(String region) {
        CallingHours.Region own = region == null ? null : hours.regions().get(region);
        return own != null ? own.days() : hours.days();
    }

    private Opening earliestInEveryZone(String destination, List<ZoneId> zones, Map<DayOfWeek, Window> week,
            Instant at) {
        Instant horizon = at.plus(HORIZON);
        Instant candidate = at;
        ZoneId decided = null; // the zone whose window start the candidate last moved to
        while (true) {
            Instant latestStart = null;
            ZoneId latestZone = null;
            Instant firstClose = null;
            ZoneId firstCloseZone = null;
            for (ZoneId zone : zones) {
                Stretch stretch = stretch(zone, week, candidate, horizon);
                if (stretch == null) {
                    return Opening.refused("no time within " + HORIZON.toDays() + " days of " + at + " when "
                            + destination + " is inside its calling hours in every one of its time zones ("
                            + zones.stream().map(ZoneId::getId).collect(Collectors.joining(", ")) + ")");
                }
                if (stretch.start().isAfter(candidate)) {
                    if (latestStart == null || stretch.start().isAfter(latestStart)) {
                        latestStart = stretch.start();
                        latestZone = zone;
                    }
                } else if (stretch.end() != null && (firstClose == null || stretch.end().isBefore(firstClose))) {
                    firstClose = stretch.end();
                    firstCloseZone = zone;
                }
            }
            if (latestStart == null) {
                ZoneId shown = decided != null ? decided : firstCloseZone != null ? firstCloseZone : zones.get(0);
                return new Opening(candidate, firstClose, shown.getId(), null);
            }
            candidate = latestStart;
            decided = latestZone;
        }
    }

    /** A zone's stretch of open instants: {@code end} null when it runs past the horizon. */
    private record Stretch(Instant start, Instant end) {
    }

    /**
     * The zone's first window ending after {@code t} (its start may be before {@code t}: then it holds {@code t}),
     * with the windows touching it after joined on; null when none starts before the horizon. A window on local date
     * d ends by the start of d + 1, so none before {@code t}'s local date can hold it.
     */
    private Stretch stretch(ZoneId zone, Map<DayOfWeek, Window> week, Instant t, Instant horizon) {
        LocalDate last = horizon.atZone(zone).toLocalDate();
        for (LocalDate date = t.atZone(zone).toLocalDate(); !date.isAfter(last); date = date.plusDays(1)) {
            Instant[] window = window(zone, week, date);
            if (window == null) {
                continue;
            }
            if (!window[0].isBefore(horizon)) {
                return null;
            }
            if (window[1].isAfter(t)) {
                return new Stretch(window[0], closing(zone, week, date, window[1], horizon));
            }
        }
        return null;
    }

    /** When the window of {@code date}, ending at {@code end}, closes for good: later windows may start right then. */
    private Instant closing(ZoneId zone, Map<DayOfWeek, Window> week, LocalDate date, Instant end, Instant horizon) {
        for (LocalDate next = date.plusDays(1); end.isBefore(horizon); next = next.plusDays(1)) {
            Instant[] window = window(zone, week, next);
            if (window == null || !window[0].equals(end)) {
                return end;
            }
            end = window[1];
        }
        return null;
    }

    /** The instants [start, end) of the window of a local date in a zone; null when the date has none. */
    private Instant[] window(ZoneId zone, Map<DayOfWeek, Window> week, LocalDate date) {
        Window window = week.get(date.getDayOfWeek());
        if (window == null || closedDates.contains(date)) {
            return null;
        }
        Instant start = ZonedDateTime.of(date, window.start(), zone).toInstant();
        Instant end = window.end().equals(LocalTime.MIDNIGHT)
                ? date.plusDays(1).atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(date, window.end(), zone).toInstant();
        return start.isBefore(end) ? new Instant[] {start, end} : null;
    }
}
