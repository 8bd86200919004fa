package io.didpool.callinghours;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.didpool.did.NanpGeography;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What a destination's number says of where it is answered: its time zones (libphonenumber's
 * {@link PhoneNumberToTimeZonesMapper}) and its region ({@link NanpGeography}). Pure functions of the number's first
 * digits and the library's data, so looked up once and shared by every {@link CallingWindows}.
 *
 * <p>Cache keys follow the mapper's data (read from its {@code map_data} for libphonenumber 9.0.23; a test guards
 * it): its NANP entries go down to the exchange (+1 NPA NXX: 208 is Boise and Los Angeles, but 208-201 only Denver),
 * never deeper, so a NANP area code has one table (its region looked up once) of its exchanges' zones, each looked
 * up the first time a number in it comes (a mapper look-up costs microseconds; all 1,000 at once would cost
 * milliseconds per area code); no entry of any country is longer than 9 digits, so another number is keyed by its
 * first 9 digits.
 *
 * <p>A zone is unknown when the mapper says "Etc/Unknown", or, for +1, when it can only say "somewhere in the
 * NANP" (its list for the whole country code: toll-free and unassigned area codes), which no call can honour.
 */
final class DestinationFacts {

    /** The zones (empty: unknown) and the region (null: none) of a destination. */
    record Facts(List<ZoneId> zones, String region) {
        static final Facts UNKNOWN = new Facts(List.of(), null);

        boolean zoneUnknown() {
            return zones.isEmpty();
        }
    }

    private static final DestinationFacts SHARED = new DestinationFacts();
    private static final String UNKNOWN_ZONE = "Etc/Unknown";
    /** No entry of the mapper's data is longer than this (country code included). */
    static final int LONGEST_PREFIX = 9;

    private final PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();
    /** The mapper's answer for +1 as a whole: it knows the country, not the place. */
    private final List<String> anywhereInNanp;
    /** Area code → its exchanges' facts. */
    private final Map<String, AreaCode> byAreaCode = new ConcurrentHashMap<>();
    /** First digits (with "+") of a number outside NANP → facts. */
    private final Map<String, Facts> byPrefix = new ConcurrentHashMap<>();

    private DestinationFacts() {
        // 800 is toll-free: the mapper has no entry under it and answers with its whole-country list
        anywhereInNanp = mapper.getTimeZonesForGeographicalNumber(nanp(800, 0));
    }

    static DestinationFacts shared() {
        return SHARED;
    }

    Facts of(String destination) {
        String areaCode = NanpGeography.areaCode(destination);
        if (areaCode != null) {
            int exchange = Integer.parseInt(destination.substring(5, 8));
            return byAreaCode.computeIfAbsent(areaCode, AreaCode::new).facts(exchange);
        }
        if (destination == null || destination.startsWith("+1") || !destination.matches("\\+[0-9]{2,15}")) {
            return Facts.UNKNOWN; // not a number, or a malformed NANP one
        }
        String key = destination.substring(0, Math.min(destination.length(), LONGEST_PREFIX + 1));
        return byPrefix.computeIfAbsent(key, k -> otherCountry(destination));
    }

    /** How many area codes were looked up so far (for tests: a second number in one is not looked up again). */
    int areaCodesLookedUp() {
        return byAreaCode.size();
    }

    /** One area code's region, and its exchanges' facts (index 0–999) as far as looked up. */
    private final class AreaCode {
        private final int npa;
        private final String region;
        private final AtomicReferenceArray<Facts> byExchange = new AtomicReferenceArray<>(1000);
        /** Exchanges with the same zones share one Facts. */
        private final Map<List<String>, Facts> byZones = new ConcurrentHashMap<>();

        AreaCode(String areaCode) {
            npa = Integer.parseInt(areaCode);
            region = NanpGeography.region(areaCode);
        }

        Facts facts(int exchange) {
            Facts known = byExchange.get(exchange);
            if (known == null) {
                List<String> zones = mapper.getTimeZonesForGeographicalNumber(nanp(npa, exchange));
                known = byZones.computeIfAbsent(zones,
                        z -> z.equals(anywhereInNanp) ? Facts.UNKNOWN : DestinationFacts.facts(z, region));
                byExchange.set(exchange, known);
            }
            return known;
        }
    }

    private Facts otherCountry(String destination) {
        try {
            PhoneNumber number = PhoneNumberUtil.getInstance().parse(destination, "ZZ");
            return facts(mapper.getTimeZonesForGeographicalNumber(number), null);
        } catch (NumberParseException e) {
            return Facts.UNKNOWN;
        }
    }

    private static Facts facts(List<String> zones, String region) {
        if (zones.isEmpty() || zones.contains(UNKNOWN_ZONE)) {
            return Facts.UNKNOWN;
        }
        return new Facts(zones.stream().map(ZoneId::of).toList(), region);
    }

    private static PhoneNumber nanp(int npa, int nxx) {
        return new PhoneNumber().setCountryCode(1).setNationalNumber(npa * 10_000_000L + nxx * 10_000L);
    }
}
