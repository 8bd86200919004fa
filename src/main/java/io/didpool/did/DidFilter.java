package io.didpool.did;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which of a tenant's DIDs a list, an export or a bulk change is about; a null field does not filter. {@code segment}
 * {@link #NO_SEGMENT} keeps the DIDs without a segment (a bulk change's {@code "segment":null}). {@code q} is part of
 * the number or of the friendly name, case-insensitive; {@code neverUsed} true keeps the DIDs never allocated (false
 * those allocated at least once); {@code ids} and {@code numbers} (bulk changes only) keep the DIDs listed.
 */
record DidFilter(String segment, String status, String trunk, String q, Boolean neverUsed, List<UUID> ids,
        List<String> numbers) {

    static final DidFilter ALL = new DidFilter(null, null, null, null, null, null, null);
    /** The segment of the DIDs without one: no segment is named "" ({@link DidRules#SEGMENT}). */
    static final String NO_SEGMENT = "";

    boolean withoutSegment() {
        return NO_SEGMENT.equals(segment);
    }

    /** The list's filters (query parameters), blanks meaning "not given". */
    static DidFilter of(String segment, String status, String trunk, String q, Boolean neverUsed) {
        return new DidFilter(blankToNull(segment), blankToNull(status), blankToNull(trunk), blankToNull(q), neverUsed,
                null, null);
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
