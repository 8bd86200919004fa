package io.didpool.callinghours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When calls may start, in the callee's local time: a window per weekday (a day absent from {@code days} is closed),
 * per-region overrides whose days replace these for destinations in that region (a US state or Canadian province
 * code, "FL"), and local dates with no calls at all. {@code timeZoneUnknown} says what a destination with no known
 * time zone gets.
 */
record CallingHours(TimeZoneUnknown timeZoneUnknown, Map<DayOfWeek, Window> days, Map<String, Region> regions,
        List<LocalDate> closedDates) {

    public CallingHours {
        Objects.requireNonNull(timeZoneUnknown, "timeZoneUnknown");
        days = Map.copyOf(days);
        regions = Map.copyOf(regions);
        closedDates = List.copyOf(closedDates);
    }

    /** What a destination with no known time zone gets. */
    public enum TimeZoneUnknown {
        /** The window of every continental US zone at once: allowed only when it is allowed everywhere. */
        STRICTEST,
        /** Never called: the call ends unplaced. */
        REFUSE
    }

    /**
     * Calls may start from {@code start} (inclusive) until {@code end} (exclusive), local time; start before end. An
     * end of 00:00 is the end of the day (24:00): 00:00–00:00 is the whole day.
     */
    public record Window(LocalTime start, LocalTime end) {
        public Window {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
                throw new IllegalArgumentException("calling window start " + start + " must be before its end " + end
                        + " (an end of 00:00 means midnight, the end of the day)");
            }
        }
    }

    /** A region's own week: replaces the tenant's days for its destinations (closed dates still apply). */
    public record Region(Map<DayOfWeek, Window> days) {
        public Region {
            days = Map.copyOf(days);
        }
    }
}
