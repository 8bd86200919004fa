package io.didpool.did;

import io.didpool.api.DomainException;
import java.util.Map;

/**
 * The order of a DID list: {@code sort=number|usageCount|lastUsedAt|createdAt}, optionally {@code ,desc}. Ties are
 * broken by number, which is unique per tenant, so that paging through a list never repeats or skips a DID. Never used
 * DIDs come first in ascending {@code lastUsedAt} (as rotation sees them) and last in descending.
 */
record DidSort(String column, boolean descending) {

    static final DidSort BY_NUMBER = new DidSort("number", false);

    static final String FIELDS = "number, usageCount, lastUsedAt, createdAt";

    private static final Map<String, String> COLUMNS = Map.of(
            "number", "number",
            "usageCount", "usage_count",
            "lastUsedAt", "last_used_at",
            "createdAt", "created_at");

    /** {@code usageCount,desc} and the like; null or blank: by number. 400 naming {@code sort} otherwise. */
    static DidSort parse(String value) {
        if (value == null || value.isBlank()) {
            return BY_NUMBER;
        }
        String[] parts = value.split(",", -1);
        String column = COLUMNS.get(parts[0].strip());
        String direction = parts.length > 1 ? parts[1].strip().toLowerCase() : "asc";
        if (column == null || parts.length > 2 || !(direction.equals("asc") || direction.equals("desc"))) {
            throw new DomainException.InvalidRequest("sort: must be one of " + FIELDS
                    + ", optionally followed by ,asc or ,desc (e.g. usageCount,desc); got "
                    + io.didpool.api.FieldRefused.quoted(value));
        }
        return new DidSort(column, direction.equals("desc"));
    }

    /** The ORDER BY clause (no keyword): only known column names reach SQL. */
    String orderBy() {
        String direction = descending ? " DESC" : " ASC";
        String nulls = column.equals("last_used_at") ? (descending ? " NULLS LAST" : " NULLS FIRST") : "";
        return column.equals("number") ? "number" + direction : column + direction + nulls + ", number";
    }
}
