package io.didpool.coverage;

import com.fasterxml.jackson.annotation.JsonValue;
import io.didpool.api.FieldRefused;
import io.didpool.did.NanpGeography;

/** What coverage is counted by: a DID's (or destination's) area code, or its region (US state, Canadian province). */
enum CoverageBy {

    AREA_CODE("areaCode", "area_code"),
    REGION("region", "region");

    private final String name;
    private final String column;

    CoverageBy(String name, String column) {
        this.name = name;
        this.column = column;
    }

    /** The name the API takes and answers: areaCode or region. */
    @JsonValue
    String apiName() {
        return name;
    }

    /** The column of {@code asterisk_dids} holding it (derived in the database from the number). */
    String column() {
        return column;
    }

    /** The key of a destination number: its area code or region, as {@link NanpGeography} places it; null: none. */
    String keyOf(String number) {
        String areaCode = NanpGeography.areaCode(number);
        return this == AREA_CODE ? areaCode : NanpGeography.region(areaCode);
    }

    /** {@code by} as the API takes it (null or blank: areaCode); a 400 naming the parameter for any other. */
    static CoverageBy parse(String by) {
        if (by == null || by.isBlank()) {
            return AREA_CODE;
        }
        for (CoverageBy value : values()) {
            if (value.name.equals(by)) {
                return value;
            }
        }
        throw new FieldRefused("by", "must be areaCode or region; got " + FieldRefused.quoted(by));
    }
}
