package io.didpool.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Holds a state enum and the column that stores it to each other: the column's CHECK constraint admits exactly the
 * enum's values (when it has one), and the column is wide enough for each.
 */
public final class EnumColumns {

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private EnumColumns() {
    }

    /** The column's CHECK admits exactly {@code values} (a column without a CHECK: {@code checked} false). */
    public static void assertHolds(JdbcClient jdbc, String table, String column, Enum<?>[] values, boolean checked) {
        Set<String> admitted = admitted(jdbc, table, column);
        if (checked) {
            assertThat(admitted).as("the values the CHECK constraint on %s.%s admits", table, column)
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(values).map(Enum::name).toList());
        } else {
            assertThat(admitted).as("CHECK constraints on %s.%s", table, column).isEmpty();
        }
        int longest = Arrays.stream(values).mapToInt(v -> v.name().length()).max().orElseThrow();
        assertThat(longest).as("the width of %s.%s", table, column).isLessThanOrEqualTo(width(jdbc, table, column));
    }

    /** The quoted values of the table's CHECK constraints on the column; empty when it has none. */
    private static Set<String> admitted(JdbcClient jdbc, String table, String column) {
        return jdbc.sql("""
                        SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                         WHERE c.conrelid = CAST(:table AS regclass) AND c.contype = 'c' AND a.attname = :column""")
                .param("table", table)
                .param("column", column)
                .query(String.class).list().stream()
                .flatMap(check -> QUOTED.matcher(check).results().map(m -> m.group(1)))
                .collect(Collectors.toSet());
    }

    private static int width(JdbcClient jdbc, String table, String column) {
        return jdbc.sql("""
                        SELECT character_maximum_length FROM information_schema.columns
                         WHERE table_name = :table AND column_name = :column""")
                .param("table", table)
                .param("column", column)
                .query(Integer.class).single();
    }
}
