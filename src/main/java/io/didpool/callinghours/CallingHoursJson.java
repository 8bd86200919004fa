package io.didpool.callinghours;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calling hours as the API writes and reads them (the contract's shape), apart from the model {@link CallingHours}:
 * {@code {"timeZoneUnknown":"STRICTEST","days":{"MON":{"start":"08:00","end":"21:00"},…,"SUN":null},
 * "regions":{"FL":{"days":{…}}},"closedDates":["2027-12-25"]}}. Answers list all seven days ({@code null}: closed),
 * regions by code and dates in order; a request may leave a day out (closed). Times are "HH:mm" local, an end of
 * "24:00" is the end of the day. Values are strings here so that a wrong one is refused naming the field and the value
 * ({@link #toHours}), not with Jackson's generic message.
 */
@JsonClassDescription("a set of calling hours")
public record CallingHoursJson(String timeZoneUnknown, Map<String, Window> days, Map<String, Region> regions,
        List<String> closedDates) {

    /** How a day is written: its first three letters, upper case. */
    static final Map<DayOfWeek, String> DAY_KEYS = dayKeys();
    static final String END_OF_DAY = "24:00";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * A window: calls may start from {@code start} until {@code end}. {@code source}, which the shipped default's
     * answer carries, is accepted and ignored, so that the default read with GET can be sent back with PUT.
     */
    @JsonClassDescription("a calling window")
    @JsonIgnoreProperties({"source"})
    public record Window(String start, String end) {
    }

    /** A region's own week (US state or Canadian province code as its key); as for a window, source is ignored. */
    @JsonClassDescription("a region's calling hours")
    @JsonIgnoreProperties({"source"})
    public record Region(Map<String, Window> days) {
    }

    /** The hours as the API answers them. */
    public static CallingHoursJson of(CallingHours hours) {
        Map<String, Region> regions = new TreeMap<>();
        hours.regions().forEach((code, region) -> regions.put(code, new Region(week(region.days()))));
        return new CallingHoursJson(hours.timeZoneUnknown().name(), week(hours.days()), regions,
                hours.closedDates().stream().sorted().map(LocalDate::toString).toList());
    }

    /**
     * The model of these hours: 400 listing every problem, each naming its field under {@code field} (e.g.
     * "callingHours" for a journey's; "" for the tenant's own) and the value given.
     */
    public CallingHours toHours(String field) {
        return new HoursParser(field).parse(this);
    }

    /** All seven days in order, a closed one null. */
    static Map<String, Window> week(Map<DayOfWeek, CallingHours.Window> days) {
        Map<String, Window> week = new LinkedHashMap<>();
        DAY_KEYS.forEach((day, key) -> {
            CallingHours.Window window = days.get(day);
            week.put(key, window == null ? null : new Window(time(window.start()), end(window.end())));
        });
        return week;
    }

    static String time(LocalTime time) {
        return TIME.format(time);
    }

    static String end(LocalTime end) {
        return end.equals(LocalTime.MIDNIGHT) ? END_OF_DAY : TIME.format(end);
    }

    private static Map<DayOfWeek, String> dayKeys() {
        Map<DayOfWeek, String> keys = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            keys.put(day, day.name().substring(0, 3));
        }
        return java.util.Collections.unmodifiableMap(keys);
    }
}
