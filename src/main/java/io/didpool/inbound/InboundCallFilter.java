package io.didpool.inbound;

import io.didpool.api.FieldRefused;
import io.didpool.did.DidRules;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which inbound call records a list shows; a null field does not filter. {@code from} is inclusive, {@code to}
 * exclusive. {@link #of} reads the query parameters as sent: a blank one does not filter, a bad one is a 400 naming the
 * parameter and quoting its value.
 */
record InboundCallFilter(String did, String segment, String caller, InboundDecision decision, UUID executionId,
        Instant from, Instant to) {

    /** The longest caller kept in a record (V32): a longer one can match nothing and is refused. */
    static final int CALLER_LENGTH = 64;

    static InboundCallFilter of(String did, String segment, String caller, String decision, String executionId,
            String from, String to) {
        InboundCallFilter filter = new InboundCallFilter(number(did), segment(segment), caller(caller),
                decision(decision), uuid(executionId), instant("from", from), instant("to", to));
        if (filter.from != null && filter.to != null && filter.to.isBefore(filter.from)) {
            throw new FieldRefused("to", "must not be before from (" + filter.from + "); got "
                    + FieldRefused.quoted(to));
        }
        return filter;
    }

    private static String number(String value) {
        if (blank(value)) {
            return null;
        }
        if (!DidRules.isNumber(value)) {
            throw new FieldRefused("did", DidRules.NUMBER_MESSAGE + "; got " + FieldRefused.quoted(value));
        }
        return value;
    }

    private static String segment(String value) {
        if (blank(value)) {
            return null;
        }
        if (!DidRules.isSegment(value)) {
            throw new FieldRefused("segment", DidRules.SEGMENT_MESSAGE + "; got " + FieldRefused.quoted(value));
        }
        return value;
    }

    private static String caller(String value) {
        if (blank(value)) {
            return null;
        }
        if (value.length() > CALLER_LENGTH) {
            throw new FieldRefused("caller", "must be at most " + CALLER_LENGTH + " characters, as recorded; got "
                    + FieldRefused.quoted(value));
        }
        return value;
    }

    private static InboundDecision decision(String value) {
        if (blank(value)) {
            return null;
        }
        return Arrays.stream(InboundDecision.values()).filter(d -> d.name().equals(value)).findFirst()
                .orElseThrow(() -> new FieldRefused("decision", "must be one of " + Arrays.stream(
                        InboundDecision.values()).map(Enum::name).collect(Collectors.joining(", ")) + "; got "
                        + FieldRefused.quoted(value)));
    }

    private static UUID uuid(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            // UUID.fromString takes "1-1-1-1-1" too: only the canonical 36 characters are an id
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new FieldRefused("executionId", "must be a UUID such as 3f2b8c1e-0d4a-4c7e-9b1a-2f6d8e0c5a71; got "
                + FieldRefused.quoted(value));
    }

    private static Instant instant(String field, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new FieldRefused(field, DidRules.INSTANT_MESSAGE + "; got " + FieldRefused.quoted(value));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
