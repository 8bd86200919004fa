package io.didpool.api;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The value a validation message refused, as the message echoes it: {@code maxCallsPerHour: must be at least 1, or
 * null for no cap (got 0)}. Text is quoted as {@link FieldRefused#quoted} quotes it (controls shown as ?, long text
 * shortened); numbers and booleans as they are. Secrets are never echoed (a field named like a token, password, secret
 * or key), and neither are lists and objects (the message names the element that failed).
 */
final class EchoedValue {

    private static final Pattern SECRET = Pattern.compile(".*(token|password|secret|key).*");

    private EchoedValue() {
    }

    /** {@code message} with the refused value appended, unless there is none to show or it says it already. */
    static String append(String field, String message, Object value) {
        String shown = shown(field, value);
        if (shown == null || message == null || message.contains(shown)) {
            return message;
        }
        return message + " (got " + shown + ")";
    }

    /** The value as a message shows it; null when it must not or cannot be shown. */
    static String shown(String field, Object value) {
        if (value == null || (field != null && SECRET.matcher(field.toLowerCase(Locale.ROOT)).matches())) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof java.util.UUID
                || value instanceof java.time.temporal.Temporal) {
            return FieldRefused.quoted(value.toString());
        }
        return null;
    }
}
