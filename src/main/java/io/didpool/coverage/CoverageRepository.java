package io.didpool.coverage;

import io.didpool.did.DidSql;
import io.didpool.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Counts a tenant's DIDs by area code or region, in the database (the DIDs never leave it). Writes nothing. Every rule
 * comes from the DID module ({@link DidSql}): what is selectable, resting, at a cap, and a DID's calls and answer rate,
 * exactly as the DID's own JSON shows them.
 */
@Repository
class CoverageRepository {

    private final JdbcClient jdbc;

    CoverageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The DIDs of each key, of one segment or (null) all the tenant's, ordered by key, those without one last. */
    List<Coverage.Row> rows(TenantId tenant, String segment, CoverageBy by) {
        String sql = """
                SELECT d.%1$s AS key,
                       count(*) AS dids,
                       count(*) FILTER (WHERE %2$s) AS selectable,
                       count(*) FILTER (WHERE %3$s) AS resting,
                       count(*) FILTER (WHERE %2$s AND %4$s) AS capped_now,
                       coalesce(sum(d_calls.calls_last_day), 0) AS calls_last_day,
                       round(avg(d_rate.answer_rate), 3) AS answer_rate
                  FROM asterisk_dids d%5$s%6$s
                 WHERE d.tenant_id = :tenant%7$s
                 GROUP BY 1
                 ORDER BY 1 NULLS LAST""".formatted(by.column(), DidSql.selectable("d"), DidSql.resting("d"),
                DidSql.atCap("d"), DidSql.activity("d"), DidSql.caps("d"),
                segment == null ? "" : " AND d.segment = :segment");
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("tenant", tenant.value());
        if (segment != null) {
            statement = statement.param("segment", segment);
        }
        return statement.query((rs, i) -> new Coverage.Row(rs.getString("key"), rs.getLong("dids"),
                        rs.getLong("selectable"), rs.getLong("resting"), rs.getLong("capped_now"),
                        rs.getLong("calls_last_day"), rs.getBigDecimal("answer_rate")))
                .list();
    }

    /**
     * How many selectable DIDs each key has in {@code segments} (null: all the tenant's DIDs); keys with none are
     * left out. Served by the rotation's partial indexes (tenant, segment, area code or region).
     */
    Map<String, Long> selectableByKey(TenantId tenant, List<String> segments, CoverageBy by) {
        String sql = """
                SELECT d.%1$s AS key, count(*) AS dids FROM asterisk_dids d
                 WHERE d.tenant_id = :tenant%2$s AND %3$s AND d.%1$s IS NOT NULL
                 GROUP BY 1""".formatted(by.column(),
                segments == null ? "" : " AND d.segment = ANY (CAST(:segments AS varchar[]))",
                DidSql.selectable("d"));
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("tenant", tenant.value());
        if (segments != null) {
            statement = statement.param("segments", segments.toArray(String[]::new));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        statement.query(rs -> {
            counts.put(rs.getString("key"), rs.getLong("dids"));
        });
        return counts;
    }
}
