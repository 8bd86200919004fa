package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.IntegrationTest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Java's states and outcomes of a call and what the {@code calls} table admits cannot drift apart. */
class CallColumnsTest extends IntegrationTest {

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    @Autowired
    JdbcClient jdbc;

    @Test
    void theStateColumnAdmitsExactlyTheCallStates() {
        assertThat(admitted("state")).as("the values the CHECK constraint on calls.state admits")
                .containsExactlyInAnyOrderElementsOf(names(CallState.values()));
        assertThat(longest(CallState.values())).isLessThanOrEqualTo(width("state"));
    }

    @Test
    void theOutcomeColumnHoldsEveryOutcome() {
        Set<String> admitted = admitted("outcome");
        if (!admitted.isEmpty()) {
            assertThat(admitted).as("the values a CHECK constraint on calls.outcome admits")
                    .containsExactlyInAnyOrderElementsOf(names(DialOutcome.values()));
        }
        assertThat(longest(DialOutcome.values())).isLessThanOrEqualTo(width("outcome"));
    }

    /** The quoted values of the CHECK constraints of {@code calls} on the column; empty when it has none. */
    private Set<String> admitted(String column) {
        return jdbc.sql("""
                        SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                         WHERE c.conrelid = 'calls'::regclass AND c.contype = 'c' AND a.attname = :column""")
                .param("column", column)
                .query(String.class).list().stream()
                .flatMap(check -> QUOTED.matcher(check).results().map(m -> m.group(1)))
                .collect(Collectors.toSet());
    }

    private int width(String column) {
        return jdbc.sql("""
                        SELECT character_maximum_length FROM information_schema.columns
                         WHERE table_name = 'calls' AND column_name = :column""")
                .param("column", column).query(Integer.class).single();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static int longest(Enum<?>[] values) {
        return Arrays.stream(values).mapToInt(v -> v.name().length()).max().orElseThrow();
    }
}
