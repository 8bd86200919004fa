package io.didpool.platform;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A state enum's values as SQL literals, formatted into a statement's text rather than bound: the text PostgreSQL
 * gets names the value itself, so a partial index on {@code status = 'QUEUED'} still matches a generic plan, and Java
 * holds no string literal of a state.
 */
public final class SqlEnums {

    private SqlEnums() {
    }

    /** {@code 'VALUE'}. */
    public static String literal(Enum<?> value) {
        return "'" + value.name() + "'";
    }

    /** {@code 'A', 'B'}, for an {@code IN (…)}. */
    public static String list(Enum<?>... values) {
        return Arrays.stream(values).map(SqlEnums::literal).collect(Collectors.joining(", "));
    }
}
