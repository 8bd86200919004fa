package io.didpool.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL's own account of what a benchmark cost it ({@code pg_stat_statements}, loaded at the server's start):
 * the statements that took it the most time, planning included, and how many updates of {@code inbound_calls} were
 * HOT (touched no index).
 */
final class PostgresStatements {

    private PostgresStatements() {
    }

    /** Forgets what was counted so far (the seed and the warm-up). {@code admin}: a superuser's connection. */
    static void reset(JdbcClient admin) {
        admin.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
        admin.sql("SELECT pg_stat_statements_reset()").query(rs -> { });
    }

    static void print(JdbcClient admin, JdbcClient service) {
        System.out.printf("%n| statement | calls | total ms | mean µs (plan + execute) | rows |%n| --- | ---: | ---: | ---: "
                + "| ---: |%n");
        admin.sql("""
                        SELECT regexp_replace(left(query, 110), '\\s+', ' ', 'g') AS query, calls,
                               total_plan_time + total_exec_time AS total, rows
                          FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time DESC LIMIT 12""")
                .query(rs -> {
                    System.out.printf("| `%s` | %d | %.0f | %.0f | %d |%n", rs.getString("query"), rs.getLong("calls"),
                            rs.getDouble("total"), rs.getDouble("total") * 1000 / rs.getLong("calls"),
                            rs.getLong("rows"));
                });
        service.sql("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'inbound_calls'")
                .query(rs -> {
                    System.out.printf("%ninbound_calls: %d updates, %d of them HOT (no index touched)%n",
                            rs.getLong(1), rs.getLong(2));
                });
    }
}
