package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Area code and region from libphonenumber's geocoder, as local presence uses them. */
class NanpGeographyTest {

    /** ISO 3166-2 codes of the 50 states, DC and Canada's 13 provinces and territories. */
    static final Set<String> SUBDIVISIONS = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI",
            "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
            "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
            "WV", "WI", "WY", "DC", "AB", "BC", "MB", "NB", "NL", "NS", "ON", "PE", "QC", "SK", "NT", "NU", "YT");

    @ParameterizedTest
    @CsvSource(nullValues = "null", textBlock = """
            +14155550100, 415, CA
            +12125550100, 212, NY
            +13105550100, 310, CA
            +12025550100, 202, DC
            +12065550100, 206, WA
            +14165550100, 416, ON
            +14375550100, 437, ON
            +16045550100, 604, BC
            +15145550100, 514, QC
            +19025550100, 902, null
            +18675550100, 867, null
            +18005550100, 800, null
            +18765550100, 876, null
            +442071234567, null, null
            +1415555, null, null
            """)
    void areaCodeAndRegionOfANumber(String number, String areaCode, String region) {
        assertThat(NanpGeography.areaCode(number)).isEqualTo(areaCode);
        assertThat(NanpGeography.region(NanpGeography.areaCode(number))).isEqualTo(region);
    }

    @Test
    void everyRegionIsAStateOrProvinceAndNearlyEveryGeographicAreaCodeHasOne() {
        assertThat(NanpGeography.regionsByAreaCode().values()).allMatch(SUBDIVISIONS::contains);
        // about 420 of the US's and Canada's area codes are geographic; a library update that drops names shows here
        assertThat(NanpGeography.regionsByAreaCode()).hasSizeGreaterThan(400);
        assertThat(NanpGeography.regionsByAreaCode()).containsEntry("213", "CA").containsEntry("619", "CA")
                .containsEntry("416", "ON").containsEntry("905", "ON").containsEntry("212", "NY");
    }
}
