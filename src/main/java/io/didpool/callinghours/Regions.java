package io.didpool.callinghours;

import java.util.Set;

/**
 * The region codes calling hours may name: the US states and DC (USPS codes) and the Canadian provinces and
 * territories (Canada Post codes), the places of the North American numbering plan that have laws of their own on
 * calling hours. None of the two lists' codes is in the other.
 */
final class Regions {

    static final Set<String> US = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL",
            "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
            "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI",
            "WY", "DC");
    static final Set<String> CANADA = Set.of("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK",
            "YT");

    private Regions() {
    }

    static boolean isKnown(String code) {
        return US.contains(code) || CANADA.contains(code);
    }
}
