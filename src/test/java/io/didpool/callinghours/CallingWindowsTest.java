package io.didpool.callinghours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.callinghours.CallingHours.Region;
import io.didpool.callinghours.CallingHours.TimeZoneUnknown;
import io.didpool.callinghours.CallingHours.Window;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a destination may be called: its local windows, in every one of its zones, across closed days and DST. */
class CallingWindowsTest {

    static final String NEW_YORK = "+12125550100";
    static final String LOS_ANGELES = "+13105550100";
    /** 208-320 (Idaho): the mapper says America/Boise and America/Los_Angeles. */
    static final String IDAHO_BOTH = "+12083205555";
    /** 208-215: America/Los_Angeles only (the mapper's data goes down to the exchange). */
    static final String IDAHO_PACIFIC = "+12082155555";
    static final String MIAMI = "+13055550100";
    static final String ATLANTA = "+14045550100";
    static final String TOLL_FREE = "+18005550100";

    static Window window(String start, String end) {
        return new Window(LocalTime.parse(start), LocalTime.parse(end));
    }

    static Map<DayOfWeek, Window> days(Window window, DayOfWeek... on) {
        Map<DayOfWeek, Window> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : on.length == 0 ? DayOfWeek.values() : on) {
            days.put(day, window);
        }
        return days;
    }

    static final Map<DayOfWeek, Window> EVERY_DAY_8_TO_21 = days(window("08:00", "21:00"));
    /** Monday to Saturday 08:00–21:00, Sunday closed. */
    static final Map<DayOfWeek, Window> NO_SUNDAYS = days(window("08:00", "21:00"), DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);

    static CallingWindows hours(Map<DayOfWeek, Window> days) {
        return HoursCalendar.of(new CallingHours(TimeZoneUnknown.STRICTEST, days, Map.of(), List.of()));
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    static ZonedDateTime local(Instant instant, String zone) {
        return instant.atZone(ZoneId.of(zone));
    }

    @Test
    void aDestinationIsCalledInItsOwnZone_NewYorkOpenWhileLosAngelesWaits() {
        CallingWindows windows = hours(EVERY_DAY_8_TO_21);
        Instant nineInNewYork = at("2027-06-15T13:00:00Z"); // 09:00 EDT, 06:00 PDT

        assertThat(windows.next(NEW_YORK, nineInNewYork)).isEqualTo(
                new Opening(nineInNewYork, at("2027-06-16T01:00:00Z"), "America/New_York", null));
        assertThat(windows.next(LOS_ANGELES, nineInNewYork)).isEqualTo(
                new Opening(at("2027-06-15T15:00:00Z"), at("2027-06-16T04:00:00Z"), "America/Los_Angeles", null));
    }

    @Test
    void anAreaCodeInTwoZonesIsCalledOnlyWhileOpenInBoth() {
        CallingWindows windows = hours(EVERY_DAY_8_TO_21);
        // 08:30 MDT in Boise, 07:30 PDT in Los Angeles: Los Angeles decides the opening, Boise (an hour ahead) the close
        Opening waiting = windows.next(IDAHO_BOTH, at("2027-06-15T14:30:00Z"));
        assertThat(waiting).isEqualTo(
                new Opening(at("2027-06-15T15:00:00Z"), at("2027-06-16T03:00:00Z"), "America/Los_Angeles", null));

        // open in both already: the zone shown is the one closing first
        Opening open = windows.next(IDAHO_BOTH, at("2027-06-15T16:00:00Z"));
        assertThat(open).isEqualTo(
                new Opening(at("2027-06-15T16:00:00Z"), at("2027-06-16T03:00:00Z"), "America/Boise", null));
    }

    @Test
    void theZonesOfAnExchangeAreItsOwnNotItsAreaCodes() {
        CallingWindows windows = hours(EVERY_DAY_8_TO_21);
        Instant lateInBoise = at("2027-06-16T03:30:00Z"); // 21:30 MDT, 20:30 PDT

        assertThat(windows.next(IDAHO_PACIFIC, lateInBoise).opensAt()).isEqualTo(lateInBoise);
        assertThat(windows.next(IDAHO_BOTH, lateInBoise).opensAt()).isEqualTo(at("2027-06-16T15:00:00Z"));
    }

    @Test
    void aRegionsOwnDaysReplaceTheTenantsForItsDestinations() {
        CallingWindows windows = HoursCalendar.of(new CallingHours(TimeZoneUnknown.STRICTEST, EVERY_DAY_8_TO_21,
                Map.of("FL", new Region(days(window("08:00", "20:00")))), List.of()));
        Instant halfPastEightInTheEvening = at("2027-06-15T00:30:00Z"); // 20:30 EDT in Miami and Atlanta

        assertThat(windows.next(MIAMI, halfPastEightInTheEvening)).isEqualTo(
                new Opening(at("2027-06-15T12:00:00Z"), at("2027-06-16T00:00:00Z"), "America/New_York", null));
        assertThat(windows.next(ATLANTA, halfPastEightInTheEvening)).isEqualTo(
                new Opening(halfPastEightInTheEvening, at("2027-06-15T01:00:00Z"), "America/New_York", null));
    }

    @Test
    void aClosedDateHasNoCallsAllDay() {
        CallingWindows windows = HoursCalendar.of(new CallingHours(TimeZoneUnknown.STRICTEST, EVERY_DAY_8_TO_21,
                Map.of(), List.of(LocalDate.parse("2027-12-25"))));

        Opening opening = windows.next(NEW_YORK, at("2027-12-25T02:30:00Z")); // 2027-12-24 21:30 EST

        assertThat(local(opening.opensAt(), "America/New_York")).isEqualTo("2027-12-26T08:00-05:00[America/New_York]");
        assertThat(opening.opensAt()).isEqualTo(at("2027-12-26T13:00:00Z"));
    }

    @Test
    void aClosedDateAlsoHoldsInARegionWithItsOwnDays() {
        CallingWindows windows = HoursCalendar.of(new CallingHours(TimeZoneUnknown.STRICTEST, EVERY_DAY_8_TO_21,
                Map.of("FL", new Region(days(window("08:00", "20:00")))), List.of(LocalDate.parse("2027-12-25"))));

        assertThat(windows.next(MIAMI, at("2027-12-25T15:00:00Z")).opensAt()).isEqualTo(at("2027-12-26T13:00:00Z"));
    }

    @Test
    void aWeekdayWithoutAWindowIsClosed() {
        CallingWindows windows = hours(NO_SUNDAYS);

        Opening opening = windows.next(NEW_YORK, at("2027-06-20T01:30:00Z")); // Saturday 21:30 EDT

        assertThat(opening.opensAt()).isEqualTo(at("2027-06-21T12:00:00Z")); // Monday 08:00 EDT
    }

    @Test
    void eightInTheMorningIsEightLocalOnTheDaysClocksChange() {
        CallingWindows windows = hours(EVERY_DAY_8_TO_21);

        // 2027-03-14: 02:00 EST becomes 03:00 EDT
        assertThat(windows.next(NEW_YORK, at("2027-03-14T06:00:00Z"))).isEqualTo(
                new Opening(at("2027-03-14T12:00:00Z"), at("2027-03-15T01:00:00Z"), "America/New_York", null));
        // 2027-11-07: 02:00 EDT becomes 01:00 EST
        assertThat(windows.next(NEW_YORK, at("2027-11-07T06:00:00Z"))).isEqualTo(
                new Opening(at("2027-11-07T13:00:00Z"), at("2027-11-08T02:00:00Z"), "America/New_York", null));
    }

    @Test
    void aWholeDayWindowAcrossAChangeIsTheLocalDay_23HoursInSpring25InAutumn() {
        CallingWindows weekends = hours(days(window("00:00", "00:00"), DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));

        // open from Saturday noon until Monday 00:00 local: EDT (UTC-4) after the spring change, EST after the autumn
        assertThat(weekends.next(NEW_YORK, at("2027-03-13T17:00:00Z")).closesAt()).isEqualTo(at("2027-03-15T04:00:00Z"));
        assertThat(weekends.next(NEW_YORK, at("2027-11-06T16:00:00Z")).closesAt()).isEqualTo(at("2027-11-08T05:00:00Z"));
    }

    @Test
    void aStartInTheSkippedHourIsMovedLaterByTheGap_aStartInTheRepeatedHourIsItsFirst() {
        CallingWindows early = hours(days(window("02:30", "05:00")));
        Opening spring = early.next(NEW_YORK, at("2027-03-14T05:00:00Z")); // Sunday 00:00 EST
        assertThat(local(spring.opensAt(), "America/New_York")).isEqualTo("2027-03-14T03:30-04:00[America/New_York]");
        assertThat(spring.closesAt()).isEqualTo(at("2027-03-14T09:00:00Z")); // 05:00 EDT

        CallingWindows veryEarly = hours(days(window("01:30", "05:00")));
        Opening autumn = veryEarly.next(NEW_YORK, at("2027-11-07T04:00:00Z")); // Sunday 00:00 EDT
        assertThat(local(autumn.opensAt(), "America/New_York")).isEqualTo("2027-11-07T01:30-04:00[America/New_York]");
        assertThat(autumn.closesAt()).isEqualTo(at("2027-11-07T10:00:00Z")); // 05:00 EST
    }

    @Test
    void anUnknownZoneUnderStrictestIsCalledOnlyWhileOpenInEveryContinentalZone() {
        CallingWindows windows = hours(EVERY_DAY_8_TO_21);

        // winter: 08:00 in Los Angeles is 11:00 in New York, and New York's 21:00 is the first close
        Opening opening = windows.next(TOLL_FREE, at("2027-01-12T13:00:00Z"));

        assertThat(opening).isEqualTo(
                new Opening(at("2027-01-12T16:00:00Z"), at("2027-01-13T02:00:00Z"), "America/Los_Angeles", null));
    }

    @Test
    void anUnknownZoneUnderRefuseIsNeverCalled() {
        CallingWindows windows = HoursCalendar.of(
                new CallingHours(TimeZoneUnknown.REFUSE, EVERY_DAY_8_TO_21, Map.of(), List.of()));

        assertThat(windows.next(TOLL_FREE, at("2027-01-12T17:00:00Z")))
                .isEqualTo(Opening.refused("time zone unknown for +18005550100"));
        assertThat(windows.next("+1999", at("2027-01-12T17:00:00Z")).isRefused()).isTrue();
        assertThat(windows.next(NEW_YORK, at("2027-01-12T17:00:00Z")).isRefused()).isFalse();
    }

    @Test
    void roundTheClockHoursNeverClose() {
        CallingWindows windows = hours(days(window("00:00", "00:00")));
        Instant now = at("2027-03-14T06:30:00Z");

        Opening opening = windows.next(IDAHO_BOTH, now);

        assertThat(opening.opensAt()).isEqualTo(now);
        assertThat(opening.closesAt()).isNull();
        assertThat(opening.timeZone()).isEqualTo("America/Boise");
    }

    @Test
    void hoursWithEveryDayClosedAreRefused() {
        Opening opening = hours(Map.of()).next(NEW_YORK, at("2027-06-15T13:00:00Z"));

        assertThat(opening.isRefused()).isTrue();
        assertThat(opening.refusal()).isEqualTo("no day of the week has calling hours");
        assertThat(opening.opensAt()).isNull();
    }

    @Test
    void zonesWhoseWindowsNeverOverlapAreRefusedNamingThem() {
        // 08:00–09:00 in Boise is 07:00–08:00 in Los Angeles: never open in both
        Opening opening = hours(days(window("08:00", "09:00"))).next(IDAHO_BOTH, at("2027-06-15T13:00:00Z"));

        assertThat(opening.refusal()).contains("400 days", IDAHO_BOTH, "America/Boise, America/Los_Angeles");
    }

    @Test
    void aNumberOutsideNanpHasItsCountrysZoneAndNoRegion() {
        Opening opening = hours(EVERY_DAY_8_TO_21).next("+442071234567", at("2027-06-15T06:30:00Z")); // 07:30 BST

        assertThat(opening.opensAt()).isEqualTo(at("2027-06-15T07:00:00Z"));
        assertThat(opening.timeZone()).isEqualTo("Europe/London");
    }

    @Test
    void aWindowMustStartBeforeItEndsExceptOneEndingAtMidnight() {
        assertThatThrownBy(() -> window("21:00", "08:00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start 21:00").hasMessageContaining("end 08:00");
        assertThatThrownBy(() -> window("08:00", "08:00")).isInstanceOf(IllegalArgumentException.class);
        assertThat(window("21:00", "00:00").end()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(Set.of(window("00:00", "00:00"))).hasSize(1);
    }
}
