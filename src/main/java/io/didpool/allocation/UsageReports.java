package io.didpool.allocation;

import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.did.DidSql;
import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Usage per segment and its spread (read in the database, the DIDs never leave it), and the reset asked by API. */
@Repository
class UsageReports {

    private final JdbcClient jdbc;
    private final Audit audit;

    UsageReports(JdbcClient jdbc, Audit audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Usage of each segment of the tenant (or of one), the DIDs without a segment last; declared segments that hold no
     * DID are listed with zeros. {@code minUsage} and {@code maxUsage} are over the selectable DIDs, the ones rotation
     * evens out (a DID set inactive keeps its count, which is no sign of uneven rotation); total and average over
     * every DID of the segment.
     */
    List<SegmentUsage> usage(TenantId tenant, String segment) {
        return jdbc.sql("""
                        WITH usage AS (
                            SELECT segment,
                                   count(*)                                          AS total_dids,
                                   count(*) FILTER (WHERE %1$s)                      AS selectable_dids,
                                   sum(usage_count)                                  AS total_usage,
                                   avg(usage_count)                                  AS avg_usage,
                                   max(usage_count) FILTER (WHERE %1$s)              AS max_usage,
                                   min(usage_count) FILTER (WHERE %1$s)              AS min_usage
                              FROM asterisk_dids
                             WHERE tenant_id = :tenant AND (CAST(:segment AS varchar) IS NULL OR segment = :segment)
                             GROUP BY segment),
                        declared AS (
                            SELECT name, description FROM segments
                             WHERE tenant_id = :tenant AND (CAST(:segment AS varchar) IS NULL OR name = :segment))
                        SELECT coalesce(u.segment, d.name) AS segment, d.description,
                               coalesce(u.total_dids, 0) AS total_dids, coalesce(u.selectable_dids, 0) AS selectable_dids,
                               coalesce(u.total_usage, 0) AS total_usage, coalesce(u.avg_usage, 0) AS avg_usage,
                               coalesce(u.max_usage, 0) AS max_usage, coalesce(u.min_usage, 0) AS min_usage
                          FROM usage u FULL JOIN declared d ON d.name = u.segment
                         ORDER BY 1 NULLS LAST""".formatted(DidSql.selectable("asterisk_dids")))
                .param("tenant", tenant.value())
                .param("segment", segment)
                .query((rs, i) -> new SegmentUsage(rs.getString("segment"), rs.getString("description"),
                        rs.getLong("total_dids"), rs.getLong("selectable_dids"), rs.getLong("total_usage"),
                        Math.round(rs.getDouble("avg_usage") * 100) / 100.0, rs.getLong("max_usage"),
                        rs.getLong("min_usage")))
                .list();
    }

    /**
     * How the usage counts of each segment's selectable DIDs are spread: {@code buckets} buckets of equal width
     * between the segment's min and max (one count per bucket when they are fewer), each with its number of DIDs,
     * empty ones included. One statement; the DIDs never leave the database.
     */
    List<SegmentHistogram> histogram(TenantId tenant, String segment, int buckets) {
        List<HistogramRow> rows = jdbc.sql("""
                        WITH pool AS (
                            SELECT coalesce(segment, '') AS segment, usage_count FROM asterisk_dids
                             WHERE tenant_id = :tenant AND (CAST(:segment AS varchar) IS NULL OR segment = :segment)
                               AND %s),
                        bounds AS (
                            SELECT segment, min(usage_count) AS lo, max(usage_count) AS hi, count(*) AS dids,
                                   -- the narrowest whole width that covers lo..hi in at most :buckets buckets
                                   (max(usage_count) - min(usage_count)) / :buckets + 1 AS width
                              FROM pool GROUP BY segment)
                        SELECT b.segment, b.lo, b.hi, b.dids, b.width, (p.usage_count - b.lo) / b.width AS bucket,
                               count(*) AS in_bucket
                          FROM pool p JOIN bounds b ON b.segment = p.segment
                         GROUP BY b.segment, b.lo, b.hi, b.dids, b.width, bucket
                         ORDER BY b.segment = '', b.segment, bucket""".formatted(DidSql.selectable("asterisk_dids")))
                .param("tenant", tenant.value())
                .param("segment", segment)
                .param("buckets", buckets)
                .query((rs, i) -> new HistogramRow(rs.getString("segment"), rs.getLong("lo"), rs.getLong("hi"),
                        rs.getLong("dids"), rs.getLong("width"), rs.getInt("bucket"), rs.getLong("in_bucket")))
                .list();
        Map<String, List<HistogramRow>> bySegment = new LinkedHashMap<>();
        rows.forEach(row -> bySegment.computeIfAbsent(row.segment(), k -> new ArrayList<>()).add(row));
        return bySegment.values().stream().map(UsageReports::histogram).toList();
    }

    /** One segment's histogram from its non-empty buckets, the empty ones filled in. */
    private static SegmentHistogram histogram(List<HistogramRow> rows) {
        HistogramRow first = rows.get(0);
        long[] counts = new long[(int) ((first.hi() - first.lo()) / first.width()) + 1];
        rows.forEach(row -> counts[row.bucket()] = row.inBucket());
        List<Bucket> buckets = new ArrayList<>(counts.length);
        for (int k = 0; k < counts.length; k++) {
            long from = first.lo() + k * first.width();
            buckets.add(new Bucket(from, Math.min(first.hi(), from + first.width() - 1), counts[k]));
        }
        return new SegmentHistogram(first.segment().isEmpty() ? null : first.segment(), first.dids(), first.lo(),
                first.hi(), first.width(), buckets);
    }

    private record HistogramRow(String segment, long lo, long hi, long dids, long width, int bucket, long inBucket) {
    }

    /**
     * Sets the usage of the tenant's DIDs (of one segment) back to 0; answers how many changed. A reset asked through
     * the API is a change of the DIDs: recorded in the audit trail, with how many it reset.
     */
    @Transactional
    int resetUsage(TenantId tenant, String segment) {
        int reset = jdbc.sql("""
                        UPDATE asterisk_dids SET usage_count = 0
                         WHERE tenant_id = :tenant AND (CAST(:segment AS varchar) IS NULL OR segment = :segment)
                           AND usage_count <> 0""")
                .param("tenant", tenant.value())
                .param("segment", segment)
                .update();
        if (reset > 0) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("segment", segment);
            after.put("reset", reset);
            audit.record(tenant, AuditEntity.DID, null, "usage-reset", null, after);
        }
        return reset;
    }

    /**
     * One segment's line of {@code GET /api/asterisk-dids/usage}; {@code description} is the declared segment's.
     * {@code minUsage} and {@code maxUsage} are over its selectable DIDs.
     */
    record SegmentUsage(String segment, String description, long totalDids, long selectableDids,
            long totalUsage, double avgUsage, long maxUsage, long minUsage) {
    }

    /** One segment's selectable DIDs by usage: bucket k holds those used {@code from..to} times. */
    record SegmentHistogram(String segment, long selectableDids, long minUsage, long maxUsage,
            long bucketWidth, List<Bucket> buckets) {
    }

    /** {@code dids} DIDs used between {@code from} and {@code to} times (inclusive). */
    record Bucket(long from, long to, long dids) {
    }
}
