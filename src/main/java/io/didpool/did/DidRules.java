package io.didpool.did;

import io.didpool.api.FieldRefused;
import io.didpool.trunk.Trunk;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The contract's shapes of a DID's fields. Other features validate with these too (import, journeys, the dialer),
 * because whatever reaches a config file or an AMI action must match them.
 */
public final class DidRules {

    public static final String NUMBER = "^\\+[1-9][0-9]{1,14}$";
    public static final String SEGMENT = "^[a-z0-9][a-z0-9._-]{0,62}$";
    public static final String TRUNK = Trunk.NAME;
    public static final String STATUS = "^(active|available|inactive|quarantined|released)$";
    /** What {@link #NUMBER}, {@link #SEGMENT}, {@link #TRUNK} and {@link #STATUS} ask for, in words (never a regex). */
    public static final String NUMBER_MESSAGE = "must be an E.164 number such as +14155550100";
    public static final String SEGMENT_MESSAGE = "a segment name is 1 to 63 lowercase letters, digits, '.', '_' or '-',"
            + " starting with a letter or digit";
    public static final String TRUNK_MESSAGE = "a trunk name is 1 to 64 letters, digits, '_' or '-'";
    public static final String STATUS_MESSAGE = "must be one of active, available, inactive, quarantined, released";

    /**
     * An inbound route (where a call to a DID goes): a number, forwarded over the called DID's trunk, or
     * {@code PJSIP/<endpoint>}. The same rule in SQL is the domain {@code inbound_route} (V32).
     */
    public static final String ROUTE = "^(\\+[1-9][0-9]{1,14}|PJSIP/[A-Za-z0-9_-]{1,64})$";
    public static final String ROUTE_MESSAGE = "must be a number such as +14155550100 or PJSIP/<endpoint> (an "
            + "endpoint name is 1 to 64 letters, digits, '_' or '-')";
    public static final String DEFAULT_TRUNK = "TWILIO";
    public static final String DEFAULT_STATUS = "active";

    /**
     * The statuses rotation may choose from: {@code DidRepository} generates its SQL from them, and the predicates of
     * the rotation's partial indexes (migrations V3, V10, V14) are tested to hold exactly these.
     */
    public static final List<String> SELECTABLE_STATUSES = List.of("active", "available");

    /** When a time field is a valid ISO-8601 instant ("2026-11-25T10:00:00Z"). */
    public static final String INSTANT_MESSAGE = "must be an ISO-8601 time with a zone, such as 2026-11-25T10:00:00Z";

    private static final Pattern NUMBER_PATTERN = Pattern.compile(NUMBER);
    private static final Pattern SEGMENT_PATTERN = Pattern.compile(SEGMENT);
    private static final Pattern ROUTE_PATTERN = Pattern.compile(ROUTE);

    private DidRules() {
    }

    /**
     * "Selectable": rotation may choose the DID now. Its status is one of {@link #SELECTABLE_STATUSES} and it is not
     * resting ({@code restingUntil} null or past), and its number was not found missing from its Twilio account
     * ({@code ownership} not {@link Ownership#NOT_ON_ACCOUNT}; null, never checked, is fine). The same rule in SQL
     * is {@code DidRepository.selectable}; the JSON of a DID carries it as {@code selectable}. Caps are not part of it: they depend on the segment's policy and the
     * DID's recent calls, and a capped DID is skipped, not unselectable.
     */
    public static boolean selectable(String status, java.time.Instant restingUntil, Ownership ownership,
            java.time.Instant now) {
        return SELECTABLE_STATUSES.contains(status) && (restingUntil == null || !restingUntil.isAfter(now))
                && ownership != Ownership.NOT_ON_ACCOUNT;
    }

    public static boolean isNumber(String value) {
        return value != null && NUMBER_PATTERN.matcher(value).matches();
    }

    public static boolean isSegment(String value) {
        return value != null && SEGMENT_PATTERN.matcher(value).matches();
    }

    public static boolean isRoute(String value) {
        return value != null && ROUTE_PATTERN.matcher(value).matches();
    }

    /**
     * {@code value} when it is null (no route) or a route; otherwise a 400 naming {@code field} and quoting the value.
     * Every API field that takes a route checks it here: the value ends up in a dialplan variable.
     */
    public static String route(String field, String value) {
        if (value == null || isRoute(value)) {
            return value;
        }
        throw new FieldRefused(field, ROUTE_MESSAGE + "; got " + FieldRefused.quoted(value));
    }

    public static boolean isTrunk(String value) {
        return Trunk.isName(value);
    }
}
