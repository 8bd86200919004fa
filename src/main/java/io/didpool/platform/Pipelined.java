package io.didpool.platform;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

/**
 * Two statements in one round trip. The driver sends them together and PostgreSQL runs them one after the other, as
 * if they had been sent one by one: the second has a snapshot of its own, taken once the first has ended, so it sees
 * what the first did or waited for (a lock it took). For a statement that always follows another whose SQL belongs
 * to another feature: each keeps its own SQL, and the round trip between them is saved.
 */
public final class Pipelined {

    /** One statement: SQL with positional parameters ({@code ?}), their values, and how its rows are read. */
    public record Statement<T>(String sql, List<Object> args, ResultSetExtractor<T> answer) {

        /** Runs it alone, in the current transaction. */
        public T run(JdbcTemplate jdbc) {
            return jdbc.query(sql, answer, args.toArray());
        }

        /** The same statement, its answer mapped. */
        public <R> Statement<R> map(Function<T, R> mapping) {
            return new Statement<>(sql, args, rs -> mapping.apply(answer.extractData(rs)));
        }
    }

    private Pipelined() {
    }

    /** Runs {@code first}, then {@code second}, in one round trip, in the current transaction. */
    public static <A, B, R> R run(JdbcTemplate jdbc, Statement<A> first, Statement<B> second,
            BiFunction<A, B, R> both) {
        return jdbc.execute(connection -> connection.prepareStatement(first.sql() + ";\n" + second.sql()),
                (PreparedStatement statement) -> {
                    int index = 1;
                    for (Statement<?> each : List.of(first, second)) {
                        for (Object arg : each.args()) {
                            StatementCreatorUtils.setParameterValue(statement, index++, SqlTypeValue.TYPE_UNKNOWN,
                                    arg);
                        }
                    }
                    if (!statement.execute()) {
                        throw new IllegalStateException("the first statement answered no rows: " + first.sql());
                    }
                    A a = read(statement, first);
                    if (!statement.getMoreResults()) {
                        throw new IllegalStateException("the second statement answered no rows: " + second.sql());
                    }
                    return both.apply(a, read(statement, second));
                });
    }

    private static <T> T read(PreparedStatement statement, Statement<T> each) throws SQLException {
        try (ResultSet rows = statement.getResultSet()) {
            return each.answer().extractData(rows);
        }
    }
}
