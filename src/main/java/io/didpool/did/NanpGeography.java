package io.didpool.did;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Area code and region (US state or Canadian province) of a number, for local presence. The area code is the three
 * digits after +1 of a NANP number (the database derives {@code asterisk_dids.area_code} with its own function,
 * {@code nanp_area_code}, tested against this one: a trigger must derive it without Java); its region is
 * what libphonenumber's offline geocoder says of the area code, as a two-letter postal code ("CA", "ON").
 *
 * <p>The library is the only source of regions: the region is a pure function of the area code and the library's
 * data, computed here when a DID is shown or a destination is placed, and written by {@link NanpRegions} at each start
 * into the table from which the database derives each DID's region column (V14: local presence reads a region with one
 * index scan). So a DID an operator inserts or renumbers in SQL has the right one at once, and a newer library
 * corrects them without a migration.
 *
 * <p>The geocoder describes an area code by the English name of its state or province ("New Jersey"), and a part of
 * it by "City, ST" ("Jersey City, NJ"); names are turned into codes by their ISO 3166-2 subdivision codes. An area code
 * it describes by a country, by several provinces (902: "Nova Scotia/Prince Edward Island", 867: the three
 * territories) or not at all (toll-free, non-geographic) has no region: local presence then matches its area code only.
 * NANP countries other than the US and Canada have no region either (their codes would collide with states').
 */
public final class NanpGeography {

    private static final Pattern NANP = Pattern.compile("^\\+1([0-9]{3})[0-9]{7}$");
    private static final Pattern CITY_AND_CODE = Pattern.compile(", ([A-Z]{2})$");

    /** ISO 3166-2 subdivision codes of the US (US-xx) and Canada (CA-xx), by the geocoder's English names. */
    private static final Map<String, String> SUBDIVISIONS = Map.ofEntries(
            Map.entry("Alabama", "AL"), Map.entry("Alaska", "AK"), Map.entry("Arizona", "AZ"),
            Map.entry("Arkansas", "AR"), Map.entry("California", "CA"), Map.entry("Colorado", "CO"),
            Map.entry("Connecticut", "CT"), Map.entry("Delaware", "DE"), Map.entry("Florida", "FL"),
            Map.entry("Georgia", "GA"), Map.entry("Hawaii", "HI"), Map.entry("Idaho", "ID"),
            Map.entry("Illinois", "IL"), Map.entry("Indiana", "IN"), Map.entry("Iowa", "IA"),
            Map.entry("Kansas", "KS"), Map.entry("Kentucky", "KY"), Map.entry("Louisiana", "LA"),
            Map.entry("Maine", "ME"), Map.entry("Maryland", "MD"), Map.entry("Massachusetts", "MA"),
            Map.entry("Michigan", "MI"), Map.entry("Minnesota", "MN"), Map.entry("Mississippi", "MS"),
            Map.entry("Missouri", "MO"), Map.entry("Montana", "MT"), Map.entry("Nebraska", "NE"),
            Map.entry("Nevada", "NV"), Map.entry("New Hampshire", "NH"), Map.entry("New Jersey", "NJ"),
            Map.entry("New Mexico", "NM"), Map.entry("New York", "NY"), Map.entry("North Carolina", "NC"),
            Map.entry("North Dakota", "ND"), Map.entry("Ohio", "OH"), Map.entry("Oklahoma", "OK"),
            Map.entry("Oregon", "OR"), Map.entry("Pennsylvania", "PA"), Map.entry("Rhode Island", "RI"),
            Map.entry("South Carolina", "SC"), Map.entry("South Dakota", "SD"), Map.entry("Tennessee", "TN"),
            Map.entry("Texas", "TX"), Map.entry("Utah", "UT"), Map.entry("Vermont", "VT"),
            Map.entry("Virginia", "VA"), Map.entry("Washington", "WA"), Map.entry("West Virginia", "WV"),
            Map.entry("Wisconsin", "WI"), Map.entry("Wyoming", "WY"), Map.entry("District of Columbia", "DC"),
            Map.entry("Alberta", "AB"), Map.entry("British Columbia", "BC"), Map.entry("Manitoba", "MB"),
            Map.entry("New Brunswick", "NB"), Map.entry("Newfoundland and Labrador", "NL"),
            Map.entry("Nova Scotia", "NS"), Map.entry("Ontario", "ON"), Map.entry("Prince Edward Island", "PE"),
            Map.entry("Quebec", "QC"), Map.entry("Saskatchewan", "SK"), Map.entry("Northwest Territories", "NT"),
            Map.entry("Nunavut", "NU"), Map.entry("Yukon", "YT"),
            // the geocoder's own spellings of some of the above, and the cities it names a whole area code by
            Map.entry("Washington State", "WA"), Map.entry("Washington D.C.", "DC"),
            Map.entry("British Colombia", "BC"), Map.entry("Toronto", "ON"), Map.entry("Philadelphia", "PA"));

    /** The codes of every US state (and DC) and Canadian province or territory. */
    private static final Set<String> REGIONS = Set.copyOf(SUBDIVISIONS.values());

    private static final Map<String, String> REGION_BY_AREA_CODE;

    static {
        PhoneNumberUtil numbers = PhoneNumberUtil.getInstance();
        PhoneNumberOfflineGeocoder geocoder = PhoneNumberOfflineGeocoder.getInstance();
        Map<String, String> regions = new TreeMap<>();
        for (int code = 200; code <= 999; code++) {
            long areaCodeStart = code * 10_000_000L;
            String country = numbers.getRegionCodeForNumber(
                    new PhoneNumber().setCountryCode(1).setNationalNumber(areaCodeStart + 2_000_000L));
            if (!"US".equals(country) && !"CA".equals(country)) {
                continue;
            }
            String region = region(geocoder, areaCodeStart);
            if (region != null) {
                regions.put(String.valueOf(code), region);
            }
        }
        REGION_BY_AREA_CODE = Collections.unmodifiableMap(regions);
    }

    private NanpGeography() {
    }

    /** The three digits after +1 of a NANP number (as SQL's {@code nanp_area_code}); null for any other. */
    public static String areaCode(String number) {
        if (number == null) {
            return null;
        }
        Matcher m = NANP.matcher(number);
        return m.matches() ? m.group(1) : null;
    }

    /** The state or province of a US or Canadian area code, e.g. "CA" for 415; null when it has none. */
    public static String region(String areaCode) {
        return areaCode == null ? null : REGION_BY_AREA_CODE.get(areaCode);
    }

    /** Whether {@code code} is that of a US state (or DC) or a Canadian province or territory, e.g. "NY", "ON". */
    public static boolean isRegion(String code) {
        return code != null && REGIONS.contains(code);
    }

    /** The area codes whose region is {@code region}, in order; none for a region no area code has alone. */
    static List<String> areaCodesOf(String region) {
        return REGION_BY_AREA_CODE.entrySet().stream().filter(e -> e.getValue().equals(region))
                .map(Map.Entry::getKey).toList();
    }

    /** Every area code of the US and Canada whose region is known, with it. */
    static Map<String, String> regionsByAreaCode() {
        return REGION_BY_AREA_CODE;
    }

    /**
     * What the geocoder says of the area code: exchange 000 is never assigned, so its description is the whole area
     * code's; where the geocoder has none for it, two ordinary exchanges are asked. A description naming several
     * provinces ("Nova Scotia/Prince Edward Island") means the area code has no single region.
     */
    private static String region(PhoneNumberOfflineGeocoder geocoder, long areaCodeStart) {
        for (long exchange : new long[] {0, 2_000_000L, 5_550_000L}) {
            String description = geocoder.getDescriptionForValidNumber(
                    new PhoneNumber().setCountryCode(1).setNationalNumber(areaCodeStart + exchange), Locale.ENGLISH);
            if (description.contains("/")) {
                return null;
            }
            Matcher cityAndCode = CITY_AND_CODE.matcher(description);
            String region = cityAndCode.find() ? cityAndCode.group(1) : SUBDIVISIONS.get(description);
            if (region != null) {
                return region;
            }
        }
        return null;
    }
}
