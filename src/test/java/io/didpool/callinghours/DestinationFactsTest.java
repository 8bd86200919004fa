package io.didpool.callinghours;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.prefixmapper.PrefixTimeZonesMap;
import io.didpool.callinghours.DestinationFacts.Facts;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A destination's zones and region, looked up once per area code, keyed as deep as the mapper's data goes. */
class DestinationFactsTest {

    final DestinationFacts facts = DestinationFacts.shared();

    @Test
    void zonesAndRegionOfANumber() {
        assertThat(facts.of("+12125550100")).isEqualTo(new Facts(List.of(ZoneId.of("America/New_York")), "NY"));
        assertThat(facts.of("+12083205555")).isEqualTo(
                new Facts(List.of(ZoneId.of("America/Boise"), ZoneId.of("America/Los_Angeles")), "ID"));
        assertThat(facts.of("+12082015555").zones()).containsExactly(ZoneId.of("America/Denver"));
        assertThat(facts.of("+442071234567")).isEqualTo(new Facts(List.of(ZoneId.of("Europe/London")), null));
    }

    @Test
    void aNumberTheMapperPlacesOnlyInTheWholeNanpOrNowhereHasAnUnknownZone() {
        assertThat(facts.of("+18005550100").zoneUnknown()).isTrue(); // toll-free
        assertThat(facts.of("+15555550100").zoneUnknown()).isTrue(); // no such area code
        assertThat(facts.of("+1212555")).isEqualTo(Facts.UNKNOWN);
        assertThat(facts.of("not a number")).isEqualTo(Facts.UNKNOWN);
        assertThat(facts.of(null)).isEqualTo(Facts.UNKNOWN);
        assertThat(facts.of("+99912345678").zoneUnknown()).isTrue(); // no such country code
    }

    @Test
    void anAreaCodeIsLookedUpOnce() {
        Facts first = facts.of("+16175550100");
        int areaCodes = facts.areaCodesLookedUp();

        assertThat(facts.of("+16174440199")).isSameAs(first);
        assertThat(facts.areaCodesLookedUp()).isEqualTo(areaCodes);
    }

    /**
     * The cache keys are as deep as the mapper's data: a NANP table per area code holds each exchange (+1 NPA NXX,
     * 7 digits), another number is keyed by its first 9 digits. A newer libphonenumber with deeper entries fails here.
     */
    @Test
    void theMappersDataIsNoDeeperThanTheCacheKeys() throws Exception {
        PrefixTimeZonesMap map = new PrefixTimeZonesMap();
        try (InputStream in = PrefixTimeZonesMap.class.getResourceAsStream(
                "/com/google/i18n/phonenumbers/timezones/data/map_data");
                ObjectInputStream data = new ObjectInputStream(in)) {
            map.readExternal(data);
        }
        int nanpDeepest = 0;
        int deepest = 0;
        for (String line : map.toString().split("\n")) {
            String prefix = line.substring(0, line.indexOf('|'));
            deepest = Math.max(deepest, prefix.length());
            if (prefix.startsWith("1")) {
                nanpDeepest = Math.max(nanpDeepest, prefix.length());
            }
        }
        assertThat(nanpDeepest).isEqualTo(7);
        assertThat(deepest).isLessThanOrEqualTo(DestinationFacts.LONGEST_PREFIX);
    }

    /** A micro-check, not a benchmark: the time is printed, not asserted. */
    @Test
    void ahundredThousandDestinationsInThreeHundredAreaCodes() {
        long lookingUp = System.nanoTime();
        List<String> areaCodes = new ArrayList<>();
        for (int code = 201; areaCodes.size() < 300 && code <= 999; code++) {
            if (!facts.of("+1" + code + "2345678").zoneUnknown()) {
                areaCodes.add(String.valueOf(code));
            }
        }
        assertThat(areaCodes).hasSize(300);
        System.out.printf("area codes 201-%s looked up: %d ms%n", areaCodes.get(299),
                (System.nanoTime() - lookingUp) / 1_000_000);
        Random random = new Random(27);
        List<String> destinations = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            destinations.add("+1" + areaCodes.get(random.nextInt(300)) + (200 + random.nextInt(800))
                    + String.format("%04d", random.nextInt(10_000)));
        }
        CallingWindows windows = HoursCalendar.of(new CallingHours(CallingHours.TimeZoneUnknown.STRICTEST,
                CallingWindowsTest.EVERY_DAY_8_TO_21, Map.of(), List.of()));
        Instant at = Instant.parse("2027-06-15T13:00:00Z");

        int open = 0;
        for (String pass : List.of("first (exchanges looked up as they come)", "second (all cached)")) {
            long started = System.nanoTime();
            open = 0;
            for (String destination : destinations) {
                if (windows.next(destination, at).opensAt().equals(at)) {
                    open++;
                }
            }
            System.out.printf("100,000 calls to next() over 300 area codes, %s: %d ms (%d open at %s)%n", pass,
                    (System.nanoTime() - started) / 1_000_000, open, at);
        }
        assertThat(open).isBetween(1, 99_999);
    }
}
