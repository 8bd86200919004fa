package io.didpool.platform;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

/**
 * Statements sent in one round trip. The driver sends them together and PostgreSQL runs them one after the other, as
 * if they had been sent one by one: each has a snapshot of its own, taken once the one before has ended, so it sees
 * what that one did or waited for (a lock it took). For statements that always follow one another while their SQL
 * belongs to different features: each keeps its own SQL, and the round trips between them are saved.
 */
public final class Pipelined {

    private Pipelined() {
    }

    /**
     * One or more statements: SQL with positional parameters ({@code ?}), their values, and how their answers are
     * read, one result set per statement, in order.
     */
    public static final class Statement<T> {
        private final String sql;
        private final List<Object> args;
        private final Answer<T> answer;

        private Statement(String sql, List<Object> args, Answer<T> answer) {
            this.sql = sql;
            this.args = args;
            this.answer = answer;
        }

        /** One statement, whose rows {@code answer} reads. */
        public static <T> Statement<T> of(String sql, List<Object> args, ResultSetExtractor<T> answer) {
            return new Statement<>(sql, args, results -> {
                try (ResultSet rows = results.next(sql)) {
                    return answer.extractData(rows);
                }
            });
        }

        /** A statement that answers no rows (its count of rows is not read). */
        public static Statement<Void> command(String sql) {
            return new Statement<>(sql, List.of(), results -> {
                results.skipCount(sql);
                return null;
            });
        }

        /** This statement, then {@code next}, in one round trip; {@code both} combines their answers. */
        public <U, R> Statement<R> then(Statement<U> next, BiFunction<T, U, R> both) {
            List<Object> all = new ArrayList<>(args);
            all.addAll(next.args);
            return new Statement<>(sql + ";\n" + next.sql, all,
                    results -> both.apply(answer.read(results), next.answer.read(results)));
        }

        /** The same statement, its answer mapped. */
        public <R> Statement<R> map(Function<T, R> mapping) {
            return new Statement<>(sql, args, results -> mapping.apply(answer.read(results)));
        }

        /** Runs it, in the current transaction. */
        public T run(JdbcTemplate jdbc) {
            return jdbc.execute(connection -> connection.prepareStatement(sql), (PreparedStatement statement) -> {
                for (int i = 0; i < args.size(); i++) {
                    StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, args.get(i));
                }
                return answer.read(new Results(statement, statement.execute()));
            });
        }
    }

    /** Reads the answer of one or more statements from their result sets. */
    @FunctionalInterface
    private interface Answer<T> {
        T read(Results results) throws SQLException;
    }

    /** The result sets of an executed statement, one per statement, taken in order. */
    private static final class Results {
        private final PreparedStatement statement;
        private final boolean first;
        private boolean taken;

        Results(PreparedStatement statement, boolean firstIsResultSet) {
            this.statement = statement;
            this.first = firstIsResultSet;
        }

        ResultSet next(String sql) throws SQLException {
            if (!advance()) {
                throw new IllegalStateException("a statement answered no rows: " + sql);
            }
            return statement.getResultSet();
        }

        void skipCount(String sql) throws SQLException {
            if (advance() || statement.getUpdateCount() == -1) {
                throw new IllegalStateException("a command answered rows, or nothing: " + sql);
            }
        }

        /** Moves to the next statement's result; answers whether it is a result set. */
        private boolean advance() throws SQLException {
            boolean hasRows = taken ? statement.getMoreResults() : first;
            taken = true;
            return hasRows;
        }
    }
}
