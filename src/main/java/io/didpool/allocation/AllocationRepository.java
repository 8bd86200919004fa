package io.didpool.allocation;

import io.didpool.did.Did;
import io.didpool.did.DidRowMapper;
import io.didpool.tenant.TenantId;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of rotation. Nothing about a pool is cached outside PostgreSQL: every batch reads the pool as it is now,
 * so an operator's {@code UPDATE asterisk_dids SET segment = …} or {@code SET status = …} applies to the very next
 * allocation.
 */
@Repository
class AllocationRepository {

    /** The contract's selection order; the partial indexes of V3 are built in exactly this order. */
    static final String ROTATION_ORDER = "usage_count, last_used_at NULLS FIRST, number";

    private static final String POOL = """
            tenant_id = :tenant
              AND (CAST(:segment AS varchar) IS NULL OR segment = :segment)
              AND status IN ('active', 'available')""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    AllocationRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Serialises this batch with every other batch of an overlapping pool, on every instance, until the
     * transaction ends. Must be the first statement of the batch's transaction.
     */
    void lock(Pool pool) {
        if (pool.tenantWide()) {
            template.queryForList("SELECT pg_advisory_xact_lock(?)", pool.tenantLockKey());
        } else {
            template.queryForList("SELECT pg_advisory_xact_lock_shared(?), pg_advisory_xact_lock(?, ?)",
                    pool.tenantLockKey(), pool.tenantLockKeyHalf(), pool.segmentLockKey());
        }
    }

    /**
     * The first {@code limit} selectable DIDs of the pool in rotation order, row-locked. Only operator edits and
     * pinned allocations can hold these rows (other batches wait on the advisory lock); after such a wait PostgreSQL
     * re-reads the row, so a DID made inactive meanwhile drops out and the counts read are the committed ones.
     */
    List<LeastUsedRotation.Candidate> candidates(Pool pool, int limit) {
        return jdbc.sql("SELECT id, usage_count FROM asterisk_dids WHERE " + POOL
                        + " ORDER BY " + ROTATION_ORDER + " LIMIT :limit FOR UPDATE")
                .param("tenant", pool.tenant().value())
                .param("segment", pool.segment())
                .param("limit", limit)
                .query((rs, i) -> new LeastUsedRotation.Candidate(rs.getObject(1, UUID.class), rs.getLong(2)))
                .list();
    }

    /**
     * Counts a batch's uses in one statement. {@code last_used_at} is spaced by the position of each DID's last
     * pick (in microseconds) so that the next batch sees the same recency order that one-by-one allocation would
     * have left. Increments are relative, so a pinned allocation of the same DID meanwhile is never lost.
     */
    List<Did> countUses(LeastUsedRotation.Writes writes) {
        String sql = """
                UPDATE asterisk_dids AS d
                   SET usage_count = d.usage_count + p.uses,
                       last_used_at = statement_timestamp() + p.last_pick * INTERVAL '1 microsecond'
                  FROM unnest(?::uuid[], ?::int[], ?::int[]) AS p(id, uses, last_pick)
                 WHERE d.id = p.id
                RETURNING """ + " " + prefixed("d.");
        return template.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            Array ids = con.createArrayOf("uuid", writes.ids());
            ps.setArray(1, ids);
            ps.setArray(2, con.createArrayOf("int4", writes.uses()));
            ps.setArray(3, con.createArrayOf("int4", writes.lastPick()));
            return ps;
        }, DidRowMapper.INSTANCE);
    }

    /** A pinned allocation: one atomic row update, refused (empty) when the DID is unknown or not selectable. */
    Optional<Did> countPinnedUse(TenantId tenant, UUID didId) {
        return jdbc.sql("""
                        UPDATE asterisk_dids
                           SET usage_count = usage_count + 1, last_used_at = statement_timestamp()
                         WHERE tenant_id = :tenant AND id = :id AND status IN ('active', 'available')
                        RETURNING """ + " " + DidRowMapper.COLUMNS)
                .param("tenant", tenant.value())
                .param("id", didId)
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    /** What the next allocation of the pool would take, without taking it. */
    Optional<Did> peek(Pool pool) {
        return jdbc.sql("SELECT " + DidRowMapper.COLUMNS + " FROM asterisk_dids WHERE " + POOL
                        + " ORDER BY " + ROTATION_ORDER + " LIMIT 1")
                .param("tenant", pool.tenant().value())
                .param("segment", pool.segment())
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    List<SegmentUsage> usage(TenantId tenant, String segment) {
        return jdbc.sql("""
                        SELECT segment,
                               count(*)                                                   AS total_dids,
                               count(*) FILTER (WHERE status IN ('active', 'available'))  AS selectable_dids,
                               coalesce(sum(usage_count), 0)                              AS total_usage,
                               coalesce(avg(usage_count), 0)                              AS avg_usage,
                               coalesce(max(usage_count), 0)                              AS max_usage,
                               coalesce(min(usage_count), 0)                              AS min_usage
                          FROM asterisk_dids
                         WHERE tenant_id = :tenant AND (CAST(:segment AS varchar) IS NULL OR segment = :segment)
                         GROUP BY segment
                         ORDER BY segment NULLS LAST""")
                .param("tenant", tenant.value())
                .param("segment", segment)
                .query((rs, i) -> new SegmentUsage(rs.getString("segment"), rs.getLong("total_dids"),
                        rs.getLong("selectable_dids"), rs.getLong("total_usage"),
                        Math.round(rs.getDouble("avg_usage") * 100) / 100.0, rs.getLong("max_usage"),
                        rs.getLong("min_usage")))
                .list();
    }

    int resetUsage(TenantId tenant, String segment) {
        return jdbc.sql("""
                        UPDATE asterisk_dids SET usage_count = 0
                         WHERE tenant_id = :tenant AND (CAST(:segment AS varchar) IS NULL OR segment = :segment)
                           AND usage_count <> 0""")
                .param("tenant", tenant.value())
                .param("segment", segment)
                .update();
    }

    /** Claims one scheduled reset for all instances: only the instance whose insert succeeds runs it. */
    boolean claimScheduledReset(java.time.Instant scheduledFor) {
        return jdbc.sql("INSERT INTO usage_resets (scheduled_for) VALUES (:at) ON CONFLICT DO NOTHING")
                .param("at", java.sql.Timestamp.from(scheduledFor))
                .update() == 1;
    }

    int resetAllTenants() {
        return jdbc.sql("UPDATE asterisk_dids SET usage_count = 0 WHERE usage_count <> 0").update();
    }

    private static String prefixed(String alias) {
        return String.join(", ", java.util.Arrays.stream(DidRowMapper.COLUMNS.split(","))
                .map(c -> alias + c.strip()).toList());
    }

    record SegmentUsage(String segment, long totalDids, long selectableDids, long totalUsage, double avgUsage,
            long maxUsage, long minUsage) {
    }
}
