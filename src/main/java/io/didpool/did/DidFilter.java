package io.didpool.did;

import io.didpool.api.FieldRefused;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which of a tenant's DIDs a list, an export or a bulk change is about; a null field does not filter. {@code segment}
 * {@link #NO_SEGMENT} keeps the DIDs without a segment (a bulk change's {@code "segment":null}). {@code q} is part of
 * the number or of the friendly name, case-insensitive; {@code neverUsed} true keeps the DIDs never allocated (false
 * those allocated at least once); {@code ids} and {@code numbers} (bulk changes only) keep the DIDs listed.
 * {@code areaCodes} keeps the DIDs of any of those area codes, {@code region} those of that US state or Canadian
 * province, {@code numberPrefix} those whose number starts with it (see {@link NanpGeography}).
 */
record DidFilter(String segment, String status, String trunk, String q, Boolean neverUsed, List<UUID> ids,
        List<String> numbers, List<String> areaCodes, String region, String numberPrefix) {

    static final DidFilter ALL = new DidFilter(null, null, null, null, null, null, null, null, null, null);
    /** The segment of the DIDs without one: no segment is named "" ({@link DidRules#SEGMENT}). */
    static final String NO_SEGMENT = "";
    /** Most area codes one filter names (the NANP has about 400). */
    static final int MAX_AREA_CODES = 1000;

    private static final Pattern AREA_CODE = Pattern.compile("^[0-9]{3}$");
    private static final Pattern NUMBER_PREFIX = Pattern.compile("^\\+[1-9][0-9]{0,14}$");
    static final String AREA_CODE_MESSAGE = "must be three digits, a NANP area code such as 212";
    static final String REGION_MESSAGE = "must be the two-letter code of a US state or Canadian province, such as NY"
            + " or ON";
    static final String NUMBER_PREFIX_MESSAGE = "must be the start of an E.164 number: + and 1 to 15 digits, such as"
            + " +1212";

    boolean withoutSegment() {
        return NO_SEGMENT.equals(segment);
    }

    /**
     * The list's filters (query parameters), blanks meaning "not given"; {@code areaCode} may list several,
     * comma-separated. An invalid area code, region or prefix is a 400 naming its parameter and quoting it.
     */
    static DidFilter of(String segment, String status, String trunk, String q, Boolean neverUsed, String areaCode,
            String region, String numberPrefix) {
        return new DidFilter(blankToNull(segment), blankToNull(status), blankToNull(trunk), blankToNull(q), neverUsed,
                null, null,
                blankToNull(areaCode) == null ? null : areaCodes("areaCode", List.of(areaCode.split(",", -1))),
                blankToNull(region) == null ? null : region("region", region),
                blankToNull(numberPrefix) == null ? null : numberPrefix("numberPrefix", numberPrefix));
    }

    /** The area codes listed, each checked (400 naming {@code field} for one that is not three digits), once each. */
    static List<String> areaCodes(String field, List<String> listed) {
        if (listed.isEmpty()) {
            throw new FieldRefused(field, "list at least one area code; leave the field out not to filter");
        }
        if (listed.size() > MAX_AREA_CODES) {
            throw new FieldRefused(field, "at most " + MAX_AREA_CODES + " area codes; got " + listed.size());
        }
        LinkedHashSet<String> codes = new LinkedHashSet<>();
        for (String code : listed) {
            String trimmed = code == null ? "" : code.strip();
            if (!AREA_CODE.matcher(trimmed).matches()) {
                throw new FieldRefused(field, AREA_CODE_MESSAGE + "; got " + FieldRefused.quoted(String.valueOf(code)));
            }
            codes.add(trimmed);
        }
        return List.copyOf(codes);
    }

    /** The region's code in capitals ("ny" is NY); a 400 naming {@code field} for any but a state's or province's. */
    static String region(String field, String region) {
        String code = region.strip().toUpperCase(Locale.ROOT);
        if (!NanpGeography.isRegion(code)) {
            throw new FieldRefused(field, REGION_MESSAGE + "; got " + FieldRefused.quoted(region));
        }
        return code;
    }

    /** The prefix as given when it is one of an E.164 number; else a 400 naming {@code field}. */
    static String numberPrefix(String field, String prefix) {
        if (!NUMBER_PREFIX.matcher(prefix).matches()) {
            throw new FieldRefused(field, NUMBER_PREFIX_MESSAGE + "; got " + FieldRefused.quoted(prefix));
        }
        return prefix;
    }

    /**
     * The filter as the audit trail records it: the fields given ({@code "segment":null} for the DIDs without a
     * segment), and how many ids and numbers were listed.
     */
    Map<String, Object> described() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("segment", segment);
        described.put("status", status);
        described.put("trunk", trunk);
        described.put("q", q);
        described.put("neverUsed", neverUsed);
        described.put("areaCode", areaCodes == null ? null : new ArrayList<>(areaCodes));
        described.put("region", region);
        described.put("numberPrefix", numberPrefix);
        described.put("ids", ids == null ? null : ids.size());
        described.put("numbers", numbers == null ? null : numbers.size());
        described.values().removeIf(java.util.Objects::isNull);
        if (withoutSegment()) {
            described.put("segment", null);
        }
        return described;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
