package io.didpool.did;

import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL that reads and counts the use of DIDs: the rotation's reads in its order, the writes of its counts, and
 * the usage statistics. It lives here because {@code asterisk_dids} has one owner; the allocation feature drives it
 * (it owns the rotation algorithm and its locks) and calls nothing else on this table.
 *
 * <p>Nothing about a pool is cached outside PostgreSQL: every batch reads the pool as it is now, so an operator's
 * {@code UPDATE asterisk_dids SET segment = …} or {@code SET status = …} applies to the very next allocation.
 */
@Repository
public class UsageStore {

    /** The contract's selection order; the partial indexes of V3 are built in exactly this order. */
    static final String ROTATION_ORDER = "usage_count, last_used_at NULLS FIRST, number";

    private static final String POOL = """
            tenant_id = :tenant
              AND (CAST(:segment AS varchar) IS NULL OR segment = :segment)
              AND""" + " " + DidRepository.SELECTABLE;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Audit audit;

    UsageStore(JdbcClient jdbc, JdbcTemplate template, Audit audit) {
        this.jdbc = jdbc;
        this.template = template;
        this.audit = audit;
    }

    /** A selectable DID as the rotation reads it. */
    public record Candidate(UUID id, long usageCount) {
    }

    /**
     * The first {@code limit} selectable DIDs of the tenant's segment (all of the tenant's for a null segment) in
     * rotation order, row-locked. The caller serialises batches of a pool with advisory locks, so only operator edits
     * and pinned allocations can hold these rows; after such a wait PostgreSQL re-reads the row, so a DID made
     * inactive meanwhile drops out and the counts read are the committed ones.
     */
    public List<Candidate> lockCandidates(TenantId tenant, String segment, int limit) {
        return jdbc.sql("SELECT id, usage_count FROM asterisk_dids WHERE " + POOL
                        + " ORDER BY " + ROTATION_ORDER + " LIMIT :limit FOR UPDATE")
                .param("tenant", tenant.value())
                .param("segment", segment)
                .param("limit", limit)
                .query((rs, i) -> new Candidate(rs.getObject(1, UUID.class), rs.getLong(2)))
                .list();
    }

    /**
     * Counts a batch's uses in one statement: {@code uses[i]} more for {@code ids[i]}, whose last pick was the
     * {@code lastPick[i]}-th of the batch. {@code last_used_at} is spaced by that position (in microseconds) so that
     * the next batch sees the same recency order that one-by-one allocation would have left. Increments are relative,
     * so a pinned allocation of the same DID meanwhile is never lost. Answers the DIDs as written.
     */
    public List<Did> countUses(UUID[] ids, Integer[] uses, Integer[] lastPick) {
        String sql = """
                UPDATE asterisk_dids AS d
                   SET usage_count = d.usage_count + p.uses,
                       last_used_at = statement_timestamp() + p.last_pick * INTERVAL '1 microsecond'
                  FROM unnest(?::uuid[], ?::int[], ?::int[]) AS p(id, uses, last_pick)
                 WHERE d.id = p.id
                RETURNING""" + " " + prefixed("d.");
        return template.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            Array idArray = con.createArrayOf("uuid", ids);
            ps.setArray(1, idArray);
            ps.setArray(2, con.createArrayOf("int4", uses));
            ps.setArray(3, con.createArrayOf("int4", lastPick));
            return ps;
        }, DidRowMapper.INSTANCE);
    }

    /**
     * Takes back uses that were counted by a transaction whose callers were told it failed ({@code uses[i]} from
     * {@code ids[i]}): its COMMIT got no answer, yet the server committed it. Never below zero (a reset since then
     * already took them). {@code last_used_at} keeps the time of those uses: it only orders the rotation.
     */
    public void takeBackUses(UUID[] ids, Integer[] uses) {
        template.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    UPDATE asterisk_dids AS d
                       SET usage_count = greatest(d.usage_count - p.uses, 0)
                      FROM unnest(?::uuid[], ?::int[]) AS p(id, uses)
                     WHERE d.id = p.id""");
            ps.setArray(1, con.createArrayOf("uuid", ids));
            ps.setArray(2, con.createArrayOf("int4", uses));
            return ps;
        });
    }

    /** A pinned use: one atomic row update, refused (empty) when the DID is unknown or not selectable. */
    public Optional<Did> countPinnedUse(TenantId tenant, UUID didId) {
        return jdbc.sql("""
                        UPDATE asterisk_dids
                           SET usage_count = usage_count + 1, last_used_at = statement_timestamp()
                         WHERE tenant_id = :tenant AND id = :id AND""" + " " + DidRepository.SELECTABLE
                        + " RETURNING " + DidRowMapper.COLUMNS)
                .param("tenant", tenant.value())
                .param("id", didId)
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    /** What the next rotation of the segment (of the tenant, for null) would take, without taking it. */
    public Optional<Did> peek(TenantId tenant, String segment) {
        return jdbc.sql("SELECT " + DidRowMapper.COLUMNS + " FROM asterisk_dids WHERE " + POOL
                        + " ORDER BY " + ROTATION_ORDER + " LIMIT 1")
                .param("tenant", tenant.value())
                .param("segment", segment)
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    /**
     * Usage of each segment of the tenant (or of one), the DIDs without a segment last; declared segments that hold no
     * DID are listed with zeros. {@code minUsage} and {@code maxUsage} are over the selectable DIDs, the ones rotation
     * evens out (a DID set inactive keeps its count, which is no sign of uneven rotation); total and average over
     * every DID of the segment.
     */
    public List<SegmentUsage> usage(TenantId tenant, String segment) {
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
                         ORDER BY 1 NULLS LAST""".formatted(DidRepository.SELECTABLE))
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
                         ORDER BY b.segment = '', b.segment, bucket""".formatted(DidRepository.SELECTABLE))
                .param("tenant", tenant.value())
                .param("segment", segment)
                .param("buckets", buckets)
                .query((rs, i) -> new HistogramRow(rs.getString("segment"), rs.getLong("lo"), rs.getLong("hi"),
                        rs.getLong("dids"), rs.getLong("width"), rs.getInt("bucket"), rs.getLong("in_bucket")))
                .list();
        Map<String, List<HistogramRow>> bySegment = new LinkedHashMap<>();
        rows.forEach(row -> bySegment.computeIfAbsent(row.segment(), k -> new ArrayList<>()).add(row));
        return bySegment.values().stream().map(UsageStore::histogram).toList();
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
    public int resetUsage(TenantId tenant, String segment) {
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

    /** Sets the usage of every tenant's DIDs back to 0. */
    public int resetAllTenants() {
        return jdbc.sql("UPDATE asterisk_dids SET usage_count = 0 WHERE usage_count <> 0").update();
    }

    private static String prefixed(String alias) {
        return String.join(", ", Arrays.stream(DidRowMapper.COLUMNS.split(","))
                .map(c -> alias + c.strip()).toList());
    }

    /**
     * One segment's line of {@code GET /api/asterisk-dids/usage}; {@code description} is the declared segment's.
     * {@code minUsage} and {@code maxUsage} are over its selectable DIDs.
     */
    public record SegmentUsage(String segment, String description, long totalDids, long selectableDids,
            long totalUsage, double avgUsage, long maxUsage, long minUsage) {
    }

    /** One segment's selectable DIDs by usage: bucket k holds those used {@code from..to} times. */
    public record SegmentHistogram(String segment, long selectableDids, long minUsage, long maxUsage,
            long bucketWidth, List<Bucket> buckets) {
    }

    /** {@code dids} DIDs used between {@code from} and {@code to} times (inclusive). */
    public record Bucket(long from, long to, long dids) {
    }
}
