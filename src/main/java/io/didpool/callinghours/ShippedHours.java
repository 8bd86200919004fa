package io.didpool.callinghours;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * didpool's shipped default calling hours, every rule with its source: the federal TCPA window for every day, and the
 * stricter windows of the states whose statute we could read and cite (docs/calling-hours.md lists them). A tenant
 * that never set its own hours has these. They are a cautious starting point, not legal advice: most of these laws
 * govern telephone solicitations (sales calls) only and have exemptions, holidays they forbid are not listed (they
 * move each year: add them as closed dates), and laws change.
 */
final class ShippedHours {

    static final String FEDERAL = "47 CFR 64.1200(c)(1)";

    /** A region's week and the law it comes from. */
    record Rule(Map<DayOfWeek, CallingHours.Window> days, String source) {
    }

    private static final Set<DayOfWeek> MON_FRI = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    private static final Set<DayOfWeek> MON_SAT = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);

    /** No telephone solicitation before 8 a.m. or after 9 p.m., the called party's local time. */
    static final Map<DayOfWeek, CallingHours.Window> DAYS = every(window(8, 0, 21, 0));

    /** The states' own weeks, by code. */
    static final Map<String, Rule> REGIONS = regions();

    static final CallingHours HOURS = new CallingHours(CallingHours.TimeZoneUnknown.STRICTEST, DAYS,
            regionsOnly(), List.of());

    private ShippedHours() {
    }

    private static Map<String, Rule> regions() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        // commercial telephone solicitation: not before 8 a.m. or after 8 p.m. local time
        rules.put("FL", new Rule(every(window(8, 0, 20, 0)), "Fla. Stat. § 501.616(6)(a)"));
        // Stop the Spam Calls Act of 2023: telephone solicitations between 8 a.m. and 8 p.m.
        rules.put("MD", new Rule(every(window(8, 0, 20, 0)), "Md. Code, Com. Law § 14-4502"));
        // authorized telephone solicitations only 8 a.m. to 8 p.m. (Central Standard Time), none on Sunday
        rules.put("MS", new Rule(on(MON_SAT, window(8, 0, 20, 0)), "Miss. Code Ann. § 77-3-723"));
        // Telephone Solicitation Act of 2022: commercial telephonic sales calls from 8 a.m. to 8 p.m.
        rules.put("OK", new Rule(every(window(8, 0, 20, 0)), "Okla. Stat. tit. 15, § 775C.4"));
        // "hours of operation": Monday to Friday 9 a.m. to 6 p.m., Saturday 10 a.m. to 5 p.m. (state and federal
        // holidays excluded); no Sunday
        Map<DayOfWeek, CallingHours.Window> rhodeIsland = on(MON_FRI, window(9, 0, 18, 0));
        rhodeIsland.put(DayOfWeek.SATURDAY, window(10, 0, 17, 0));
        rules.put("RI", new Rule(rhodeIsland, "R.I. Gen. Laws §§ 5-61-2(2), 5-61-3.6"));
        // solicitations by an automated telephone dialing system: weekdays 9 a.m. to 9 p.m.
        rules.put("SD", new Rule(on(MON_FRI, window(9, 0, 21, 0)), "S.D. Codified Laws § 37-30-28"));
        // 9 a.m. to 9 p.m. Monday to Saturday; noon to 9 p.m. on Sunday
        Map<DayOfWeek, CallingHours.Window> texas = on(MON_SAT, window(9, 0, 21, 0));
        texas.put(DayOfWeek.SUNDAY, window(12, 0, 21, 0));
        rules.put("TX", new Rule(texas, "Tex. Bus. & Com. Code § 301.051"));
        // commercial telephone solicitor: no call received before 8 a.m. or after 8 p.m. local time
        rules.put("WA", new Rule(every(window(8, 0, 20, 0)), "RCW 19.158.040(2)"));
        return java.util.Collections.unmodifiableMap(rules);
    }

    private static Map<String, CallingHours.Region> regionsOnly() {
        Map<String, CallingHours.Region> regions = new LinkedHashMap<>();
        REGIONS.forEach((code, rule) -> regions.put(code, new CallingHours.Region(rule.days())));
        return regions;
    }

    private static CallingHours.Window window(int fromHour, int fromMinute, int toHour, int toMinute) {
        return new CallingHours.Window(LocalTime.of(fromHour, fromMinute), LocalTime.of(toHour, toMinute));
    }

    private static Map<DayOfWeek, CallingHours.Window> every(CallingHours.Window window) {
        return on(Set.of(DayOfWeek.values()), window);
    }

    private static Map<DayOfWeek, CallingHours.Window> on(Set<DayOfWeek> days, CallingHours.Window window) {
        Map<DayOfWeek, CallingHours.Window> week = new EnumMap<>(DayOfWeek.class);
        days.forEach(day -> week.put(day, window));
        return week;
    }

    /** The default as {@code GET /api/calling-hours/default} answers it: each rule with its source. */
    static Sourced sourced() {
        Map<String, SourcedWindow> days = new LinkedHashMap<>();
        CallingHoursJson.DAY_KEYS.forEach((day, key) -> {
            CallingHours.Window window = DAYS.get(day);
            days.put(key, window == null ? null : new SourcedWindow(CallingHoursJson.time(window.start()),
                    CallingHoursJson.end(window.end()), FEDERAL));
        });
        Map<String, SourcedRegion> regions = new java.util.TreeMap<>();
        REGIONS.forEach((code, rule) -> regions.put(code,
                new SourcedRegion(CallingHoursJson.week(rule.days()), rule.source())));
        return new Sourced(HOURS.timeZoneUnknown().name(), days, regions, List.of());
    }

    /** The default with its sources; sent back with PUT, the sources are ignored. */
    record Sourced(String timeZoneUnknown, Map<String, SourcedWindow> days, Map<String, SourcedRegion> regions,
            List<String> closedDates) {
    }

    record SourcedWindow(String start, String end, String source) {
    }

    record SourcedRegion(Map<String, CallingHoursJson.Window> days, String source) {
    }
}
