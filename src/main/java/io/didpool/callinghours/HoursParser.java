package io.didpool.callinghours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@link CallingHoursJson} into the model, strictly: every problem is collected (not only the first) and named
 * by its field and the value given, and the whole is refused with {@link InvalidCallingHours}. Unknown keys of the
 * objects and keys given twice were already refused by the application's JSON settings ({@code api.StrictJson}).
 */
final class HoursParser {

    /** More closed dates than any real calendar needs: a bound on what one request stores. */
    static final int MAX_CLOSED_DATES = 1000;

    private static final Pattern TIME = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    private static final Map<String, DayOfWeek> DAYS = new HashMap<>();

    static {
        CallingHoursJson.DAY_KEYS.forEach((day, key) -> DAYS.put(key, day));
    }

    private final String prefix;
    private final List<InvalidCallingHours.Problem> problems = new ArrayList<>();

    /** {@code field}: where the hours are in the request ("" when they are the whole body). */
    HoursParser(String field) {
        this.prefix = field == null || field.isEmpty() ? "" : field + ".";
    }

    CallingHours parse(CallingHoursJson json) {
        CallingHours.TimeZoneUnknown timeZoneUnknown = timeZoneUnknown(json.timeZoneUnknown());
        Map<DayOfWeek, CallingHours.Window> days = json.days() == null
                ? missing("days", "give the week's windows (a day left out or null is closed)")
                : week("days", json.days());
        Map<String, CallingHours.Region> regions = regions(json.regions());
        List<LocalDate> closedDates = closedDates(json.closedDates());
        if (!problems.isEmpty()) {
            throw new InvalidCallingHours(problems);
        }
        return new CallingHours(timeZoneUnknown, days, regions, closedDates);
    }

    private CallingHours.TimeZoneUnknown timeZoneUnknown(String value) {
        if (value == null) {
            return missing("timeZoneUnknown", "STRICTEST or REFUSE");
        }
        try {
            return CallingHours.TimeZoneUnknown.valueOf(value);
        } catch (IllegalArgumentException e) {
            return problem("timeZoneUnknown", "must be STRICTEST or REFUSE; got " + shown(value));
        }
    }

    private Map<DayOfWeek, CallingHours.Window> week(String field, Map<String, CallingHoursJson.Window> given) {
        Map<DayOfWeek, CallingHours.Window> days = new EnumMap<>(DayOfWeek.class);
        given.forEach((key, window) -> {
            DayOfWeek day = DAYS.get(key);
            if (day == null) {
                problem(field + "." + key, "not a day; the days are MON, TUE, WED, THU, FRI, SAT, SUN");
            } else if (window != null) {
                CallingHours.Window parsed = window(field + "." + key, window);
                if (parsed != null) {
                    days.put(day, parsed);
                }
            }
        });
        return days;
    }

    /** The window, or null (a problem recorded) when it is not one. */
    private CallingHours.Window window(String field, CallingHoursJson.Window window) {
        LocalTime start = time(field + ".start", window.start(), false);
        LocalTime end = time(field + ".end", window.end(), true);
        if (start == null || end == null) {
            return null;
        }
        if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
            return problem(field + ".end", "must be after start (" + window.start() + "); got " + shown(window.end()));
        }
        return new CallingHours.Window(start, end);
    }

    /** "HH:mm" from 00:00 to 23:59; an end may also be "24:00" (the end of the day, LocalTime.MIDNIGHT). */
    private LocalTime time(String field, String value, boolean end) {
        if (value == null) {
            return missing(field, "write a time \"HH:mm\", e.g. \"08:00\"");
        }
        if (end && value.equals(CallingHoursJson.END_OF_DAY)) {
            return LocalTime.MIDNIGHT;
        }
        if (end && value.equals("00:00")) {
            // would read as an empty window, or as the end of the day: neither is said, so neither is guessed
            return problem(field, "\"00:00\" is not an end; write \"24:00\" for the end of the day");
        }
        if (!TIME.matcher(value).matches()) {
            return problem(field, "must be a time \"HH:mm\" (00:00 to 23:59" + (end ? ", or 24:00" : "")
                    + "); got " + shown(value));
        }
        return LocalTime.parse(value);
    }

    private Map<String, CallingHours.Region> regions(Map<String, CallingHoursJson.Region> given) {
        Map<String, CallingHours.Region> regions = new HashMap<>();
        if (given == null) {
            return regions;
        }
        given.forEach((code, region) -> {
            String field = "regions." + code;
            if (!Regions.isKnown(code)) {
                problem(field, "not a US state, DC or Canadian province or territory code (e.g. FL, ON)");
            } else if (region == null) {
                problem(field, "may not be null; leave the region out for it to have the days of the whole");
            } else if (region.days() == null) {
                missing(field + ".days", "give the region's week (a day left out or null is closed)");
            } else {
                regions.put(code, new CallingHours.Region(week(field + ".days", region.days())));
            }
        });
        return regions;
    }

    private List<LocalDate> closedDates(List<String> given) {
        List<LocalDate> dates = new ArrayList<>();
        if (given == null) {
            return dates;
        }
        if (given.size() > MAX_CLOSED_DATES) {
            problem("closedDates", "at most " + MAX_CLOSED_DATES + " dates; got " + given.size());
            return dates;
        }
        Map<LocalDate, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "closedDates[" + i + "]";
            String value = given.get(i);
            if (value == null) {
                problem(field, "may not be null");
                continue;
            }
            LocalDate date = date(value);
            if (date == null) {
                problem(field, "must be a date \"yyyy-MM-dd\"; got " + shown(value));
            } else if (indexOf.containsKey(date)) {
                problem(field, value + " is already closedDates[" + indexOf.get(date) + "]");
            } else {
                indexOf.put(date, i);
                dates.add(date);
            }
        }
        dates.sort(null); // in date order, so that equal hours are equal models whatever order they were given in
        return dates;
    }

    /** ISO yyyy-MM-dd, a real date (2027-02-30 is not); null otherwise. */
    private static LocalDate date(String value) {
        if (!DATE.matcher(value).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private <T> T missing(String field, String hint) {
        return problem(field, "missing; " + hint);
    }

    private <T> T problem(String field, String message) {
        // a key is the caller's text: shown as the values are
        problems.add(new InvalidCallingHours.Problem(prefix + field.replaceAll("\\p{Cntrl}", "?"), message));
        return null;
    }

    /** The value as the message quotes it: control characters shown as ?, a long one shortened. */
    private static String shown(String value) {
        String safe = value.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (safe.length() <= 40 ? safe : safe.substring(0, 40) + "…") + "\"";
    }
}
