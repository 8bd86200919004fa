package io.didpool.did;

import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.platform.Pipelined;
import io.didpool.platform.SqlStates;
import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL that reads and counts the use of DIDs: the rotation's reads in its order, the writes of its counts and
 * calls, the outcomes of calls, and the usage statistics. It lives here because {@code asterisk_dids} has one owner;
 * the allocation feature drives it (it owns the rotation algorithm, the policies' meaning and the locks) and calls
 * nothing else on these tables.
 *
 * <p>Nothing about a pool is cached outside PostgreSQL: every batch reads the pool, its caps and its calls as they
 * are now, so an operator's {@code UPDATE asterisk_dids SET segment = …}, {@code SET status = …} or a policy edit
 * applies to the very next allocation.
 */
@Repository
public class UsageStore {

    /**
     * The contract's selection order, on rows aliased {@code d}; the partial indexes of V3, V10 and V14 are built in
     * exactly this order.
     */
    private static final String D_ROTATION_ORDER = "d.usage_count, d.last_used_at NULLS FIRST, d.number";

    /** SQLSTATE of the write that found a DID changed since the read (V16). */
    private static final String DIDS_CHANGED = "DPCHG";

    /** The statements of each shape of {@link #countUses} and of {@link #readCandidates}, each built once. */
    private static final Map<WriteShape, ParsedStatement> COUNT_USES = new ConcurrentHashMap<>();
    private static final Map<ReadShape, ParsedStatement> CANDIDATE_READS = new ConcurrentHashMap<>();

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Audit audit;

    UsageStore(JdbcClient jdbc, JdbcTemplate template, Audit audit) {
        this.jdbc = jdbc;
        this.template = template;
        this.audit = audit;
    }

    /**
     * What a batch reads of its pool (the selectable DIDs of the tenant's {@code segment}, or of the whole tenant for
     * null), each part the first rows in rotation order:
     *
     * @param head               the pool's first rows
     * @param areaCodes          per area code, how many of its first rows beyond the head
     * @param regions            per region, how many of its first rows beyond the head
     * @param stickyDestinations destinations whose last DID of this segment (within {@code stickyDays}) is wanted
     * @param caps               the caps of each segment whose DIDs may be in the pool (segments without caps left
     *                           out); the calls of the DIDs read are counted where a cap applies
     * @param allocations        how many allocations the batch makes: calls are counted exactly for the DIDs that
     *                           many calls would bring to a cap
     * @param floors             where the scans may start, if nothing lowered them since (null: at the beginning)
     * @param trimLocal          whether the database may read fewer rows of an area code or region than asked, as
     *                           its destinations keep their sticky DIDs for sure (a batch's first read; one read again
     *                           after a replay asked for more of a level reads as asked)
     */
    public record CandidateRead(TenantId tenant, String segment, int head, Map<String, Integer> areaCodes,
            Map<String, Integer> regions, Collection<String> stickyDestinations, int stickyDays,
            Map<String, SegmentPolicy> caps, int allocations, Floors floors, boolean trimLocal) {
    }

    /**
     * Usage counts below which the pool ({@code pool}), an area code or a region of it has no DID in a selectable
     * status, as of the snapshot of the read that found them (V17): the next read of the pool starts its scans there,
     * past the dead index entries that allocations leave behind, unless a transaction that this snapshot did not see
     * changed DIDs in a way that may have put one below them.
     */
    public record Floors(long pool, Map<String, Long> areaCodes, Map<String, Long> regions, String snapshot) {
    }

    /**
     * The floor of each of these area codes or regions: its own if {@code known} has it, else the pool's (no level
     * of a pool is below the pool); 0 without floors.
     */
    private static Long[] floors(Collection<String> levels, Floors floors, Function<Floors, Map<String, Long>> known) {
        return levels.stream()
                .map(level -> floors == null ? 0L : known.apply(floors).getOrDefault(level, floors.pool()))
                .toArray(Long[]::new);
    }

    /**
     * A DID as rotation sees it: its place in the pool's order ({@code rank}, 0 first), what the batch's write checks
     * is unchanged ({@code usageCount}, {@code lastUsedAt}, {@code number}), its area code and region, and its calls
     * in the last hour and day with the caps that apply to it (null: none). The calls are exact where its row knows
     * them or the batch's allocations could bring the DID to a cap, and otherwise upper bounds that the batch cannot
     * take to a cap (V13): rotation decides on them as it would on exact counts.
     */
    public record Candidate(UUID id, int rank, long usageCount, Instant lastUsedAt, String number, String areaCode,
            String region, long callsLastHour, long callsLastDay, Integer maxCallsPerHour, Integer maxCallsPerDay) {

        /** Whether {@code more} calls now would keep it within its caps. */
        public boolean underCaps(int more) {
            return (maxCallsPerHour == null || callsLastHour + more < maxCallsPerHour)
                    && (maxCallsPerDay == null || callsLastDay + more < maxCallsPerDay);
        }
    }

    /**
     * What a batch read: every candidate once, in rotation order, and which part each came from (the ids of the
     * rows read for each area code and region beyond the head, and the DID each destination got last time), how many
     * rows of each area code and region were asked for ({@code areaLimits}, {@code regionLimits}: fewer than the
     * read asked where destinations keep their sticky DIDs, 0 for a level not read), and the floors of its levels for
     * the pool's next read (null if the pool has no DID in a selectable status).
     */
    public record Candidates(List<Candidate> all, Set<UUID> head, Map<String, Set<UUID>> areaCodeRows,
            Map<String, Set<UUID>> regionRows, Map<String, Integer> areaLimits, Map<String, Integer> regionLimits,
            Map<String, UUID> sticky, Floors floors) {
    }

    /**
     * Reads a batch's candidates in one statement, hence from one snapshot. No row lock is taken: the caller holds
     * the pool's advisory lock, so only pinned allocations, health rests and operator edits can change these rows
     * meanwhile, and {@link #countUses} refuses to write over a DID that changed since this read.
     */
    public Candidates readCandidates(CandidateRead read) {
        return candidatesStatement(read).run(template);
    }

    /** {@link #readCandidates} as a statement, to be sent after another in one round trip ({@link Pipelined}). */
    public Pipelined.Statement<Candidates> candidatesStatement(CandidateRead read) {
        List<String> regionNames = new ArrayList<>(read.regions().keySet());
        SegmentPolicy segmentCaps = read.segment() == null ? null : read.caps().get(read.segment());
        ParsedStatement statement = CANDIDATE_READS.computeIfAbsent(new ReadShape(read.segment() == null,
                !read.areaCodes().isEmpty(), !regionNames.isEmpty(),
                !read.stickyDestinations().isEmpty() && read.segment() != null, segmentCaps != null,
                !read.caps().isEmpty()), shape -> ParsedStatement.of(candidateRead(shape)));
        List<SegmentPolicy> capPolicies = new ArrayList<>(read.caps().values());
        // the destinations that read an area code: those a sticky DID may serve instead
        List<String> local = read.stickyDestinations().stream()
                .filter(d -> read.areaCodes().containsKey(NanpGeography.areaCode(d))).toList();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenant", read.tenant().value())
                .addValue("segment", read.segment())
                .addValue("head", read.head())
                .addValue("allocations", read.allocations())
                .addValue("capHour", segmentCaps == null ? null : segmentCaps.maxCallsPerHour())
                .addValue("capDay", segmentCaps == null ? null : segmentCaps.maxCallsPerDay())
                .addValue("capSegments", read.caps().keySet().toArray(String[]::new))
                .addValue("capHours", capPolicies.stream().map(SegmentPolicy::maxCallsPerHour).toArray(Integer[]::new))
                .addValue("capDays", capPolicies.stream().map(SegmentPolicy::maxCallsPerDay).toArray(Integer[]::new))
                .addValue("areaCodes", read.areaCodes().keySet().toArray(String[]::new))
                .addValue("areaRegions", read.areaCodes().keySet().stream().map(NanpGeography::region)
                        .toArray(String[]::new))
                .addValue("areaLimits", read.areaCodes().values().toArray(Integer[]::new))
                .addValue("regions", regionNames.toArray(String[]::new))
                .addValue("regionLimits", regionNames.stream().map(read.regions()::get).toArray(Integer[]::new))
                .addValue("stickyDestinations", read.stickyDestinations().toArray(String[]::new))
                .addValue("stickyDays", read.stickyDays())
                .addValue("trim", read.trimLocal())
                .addValue("localDestinations", local.toArray(String[]::new))
                .addValue("localAreaCodes", local.stream().map(NanpGeography::areaCode).toArray(String[]::new))
                .addValue("localRegions", local.stream().map(d -> NanpGeography.region(NanpGeography.areaCode(d)))
                        .toArray(String[]::new))
                .addValue("snapshot", read.floors() == null ? null : read.floors().snapshot())
                .addValue("poolFloor", read.floors() == null ? 0L : read.floors().pool())
                .addValue("areaFloors", floors(read.areaCodes().keySet(), read.floors(), Floors::areaCodes))
                .addValue("regionFloors", floors(regionNames, read.floors(), Floors::regions));
        return Pipelined.Statement.of(statement.sql(),
                Arrays.asList(NamedParameterUtils.buildValueArray(statement.parsed(), params, null)),
                UsageStore::candidates);
    }

    private static Candidates candidates(ResultSet rs) throws SQLException {
        Map<UUID, Candidate> all = new LinkedHashMap<>();
        Set<UUID> head = new LinkedHashSet<>();
        Map<String, Set<UUID>> areaRows = new HashMap<>();
        Map<String, Set<UUID>> regionRows = new HashMap<>();
        Map<String, UUID> sticky = new HashMap<>();
        Long poolFloor = null;
        Map<String, Long> areaFloors = new HashMap<>();
        Map<String, Long> regionFloors = new HashMap<>();
        Map<String, Integer> areaLimits = new HashMap<>();
        Map<String, Integer> regionLimits = new HashMap<>();
        String snapshot = null;
        while (rs.next()) {
            String kind = rs.getString("kind");
            String part = rs.getString("part");
            switch (kind) {
                case "pool floor" -> poolFloor = (Long) rs.getObject("usage_count");
                case "area floor" -> areaFloors.put(part, (Long) rs.getObject("usage_count"));
                case "region floor" -> regionFloors.put(part, (Long) rs.getObject("usage_count"));
                case "area limit" -> areaLimits.put(part, rs.getInt("usage_count"));
                case "region limit" -> regionLimits.put(part, rs.getInt("usage_count"));
                case "snapshot" -> snapshot = part;
                case "head" -> head.add(candidate(rs, all));
                case "area" -> areaRows.computeIfAbsent(part, k -> new LinkedHashSet<>()).add(candidate(rs, all));
                case "region" -> regionRows.computeIfAbsent(part, k -> new LinkedHashSet<>()).add(candidate(rs, all));
                default -> sticky.put(part, candidate(rs, all));
            }
        }
        // a level with no DID in a selectable status has no floor of its own: the next read starts it at the pool's
        areaFloors.values().removeIf(Objects::isNull);
        regionFloors.values().removeIf(Objects::isNull);
        Floors floors = poolFloor == null ? null : new Floors(poolFloor, areaFloors, regionFloors, snapshot);
        return new Candidates(List.copyOf(all.values()), head, areaRows, regionRows, areaLimits, regionLimits, sticky,
                floors);
    }

    /**
     * What a read's statement depends on: whether the pool is the tenant's, which parts it has, and which caps
     * apply. One statement per shape, built once (see AllocationRepository.lock for why one text per kind of pool).
     */
    private record ReadShape(boolean tenantWide, boolean areaCodes, boolean regions, boolean sticky,
            boolean segmentCapped, boolean capped) {
    }

    private static String candidateRead(ReadShape shape) {
        boolean capped = shape.capped();
        // Each part reads rows in index order, with what rotation needs of them; calls are taken afterwards, once per
        // DID read, from its row or (near a cap that applies) counted. Only the parts this batch needs are in the
        // statement: a batch with no policy reads its head, as before.
        String columns = "SELECT d.id, d.usage_count, d.last_used_at, d.number, d.area_code, d.region, d.segment,"
                + " d.last_call_at, d.calls_hour_bound, d.calls_day_bound, d.calls_hour_since, d.calls_day_since"
                + " FROM asterisk_dids d";
        // one statement text per kind of pool, so that PostgreSQL can plan it once (see AllocationRepository.lock)
        String inPool = " WHERE d.tenant_id = :tenant" + (shape.tenantWide() ? "" : " AND d.segment = :segment")
                + " AND " + DidRepository.selectable("d");
        String pool = columns + inPool;
        // A local level is scanned past the DIDs at the segment's caps, so that an area code whose DIDs are all at a
        // cap is seen to be used up in this read (calls come from the DID's row, counted only near a cap: V13).
        String local = !shape.segmentCapped() ? pool : columns + """
                 CROSS JOIN LATERAL did_calls_for_caps(d.id, d.last_call_at, d.calls_hour_bound, d.calls_day_bound,
                                                       d.calls_hour_since, d.calls_day_since,
                                                       CAST(:capHour AS int), CAST(:capDay AS int), :allocations) cc
                """ + inPool + """
                 AND (CAST(:capHour AS int) IS NULL OR cc.calls_last_hour < :capHour)
                 AND (CAST(:capDay AS int) IS NULL OR cc.calls_last_day < :capDay)""";
        String row = "id, usage_count, last_used_at, number, area_code, region, segment, last_call_at,"
                + " calls_hour_bound, calls_day_bound, calls_hour_since, calls_day_since";
        // The first usage count of a level in a selectable status, resting or capped or not (a rest or a cap ends by
        // itself), from where its scan may start: the level's next floor.
        String firstUsage = "SELECT d.usage_count FROM asterisk_dids d WHERE d.tenant_id = :tenant"
                + (shape.tenantWide() ? "" : " AND d.segment = :segment") + " AND "
                + DidRepository.inSelectableStatus("d");
        StringBuilder sql = new StringBuilder("""
                WITH fresh AS MATERIALIZED (
                    -- whether the previous read's floors still hold: no transaction that its snapshot did not see has
                    -- changed DIDs in a way that may have put one below them (V17)
                    SELECT CASE WHEN s.snapshot IS NULL THEN false ELSE NOT EXISTS (
                               SELECT 1 FROM did_pool_changes c
                                WHERE c.xid >= pg_snapshot_xmin(s.snapshot)
                                  AND NOT pg_visible_in_snapshot(c.xid, s.snapshot)) END AS ok
                      FROM (SELECT CAST(CAST(:snapshot AS text) AS pg_snapshot) AS snapshot) s),
                pool_floor AS (SELECT CASE WHEN ok THEN CAST(:poolFloor AS bigint) ELSE 0 END AS floor FROM fresh),
                head AS MATERIALIZED (
                    %1$s AND d.usage_count >= (SELECT floor FROM pool_floor) ORDER BY %2$s LIMIT :head)""");
        StringBuilder parts = new StringBuilder("SELECT 'head' AS kind, NULL AS part, " + row + " FROM head");
        StringBuilder floors = new StringBuilder("SELECT 'pool floor' AS kind, NULL AS part, (" + firstUsage
                + " AND d.usage_count >= (SELECT floor FROM pool_floor) ORDER BY %2$s LIMIT 1) AS usage_count");
        if (shape.sticky()) {
            sql.append("""
                    ,
                    sticky AS (
                        SELECT s.destination AS part, e.*
                          FROM unnest(CAST(:stickyDestinations AS varchar[])) AS q(destination)
                         CROSS JOIN LATERAL (SELECT destination, did_id FROM sticky_caller_ids
                                              WHERE tenant_id = :tenant AND segment = :segment
                                                AND destination = q.destination
                                                AND at > now() - :stickyDays * INTERVAL '1 day'
                                              -- a limit keeps PostgreSQL from flattening this into a join that, with
                                              -- statistics of a few recent choices, scans all the segment's choices
                                              LIMIT 1) s
                         CROSS JOIN LATERAL (%1$s AND d.id = s.did_id) e)""");
            parts.append(" UNION ALL SELECT 'sticky', part, ").append(row).append(" FROM sticky");
            if (shape.areaCodes() || shape.regions()) {
                sql.append("""
                        ,
                        unserved AS (
                            -- the local destinations whose sticky DID may fail them: none in the pool, or one that the
                            -- batch's allocations could bring to a cap; the others need no rows of their area code or
                            -- region, as the replay sees the same calls and caps
                            SELECT t.area_code, t.region
                              FROM unnest(CAST(:localDestinations AS varchar[]), CAST(:localAreaCodes AS varchar[]),
                                          CAST(:localRegions AS varchar[])) AS t(destination, area_code, region)
                             WHERE NOT EXISTS (
                                       SELECT 1 FROM sticky s
                                        CROSS JOIN LATERAL did_calls_for_caps(s.id, s.last_call_at, s.calls_hour_bound,
                                                                              s.calls_day_bound, s.calls_hour_since,
                                                                              s.calls_day_since, CAST(:capHour AS int),
                                                                              CAST(:capDay AS int), :allocations) cc
                                        WHERE s.part = t.destination
                                          AND (CAST(:capHour AS int) IS NULL
                                               OR cc.calls_last_hour + :allocations < :capHour)
                                          AND (CAST(:capDay AS int) IS NULL
                                               OR cc.calls_last_day + :allocations < :capDay)))""");
            }
        }
        if (shape.areaCodes()) {
            // as LeastUsedRotation.read sizes an area code, counting only the destinations the sticky part may fail
            sql.append(levelLimits("area", shape.sticky(), """
                    CASE WHEN NOT CAST(:trim AS boolean) THEN l.lim
                         WHEN n.here = 0 THEN 0
                         ELSE n.here + 1 + (greatest(n.in_region - n.here, 0) + 3) / 4 END""", """
                    unnest(CAST(:areaCodes AS varchar[]), CAST(:areaRegions AS varchar[]), CAST(:areaLimits AS int[]),
                           CAST(:areaFloors AS bigint[])) AS l(value, region, lim, floor)""", """
                    SELECT count(*) FILTER (WHERE u.area_code = l.value) AS here,
                           count(*) FILTER (WHERE u.region = l.region) AS in_region FROM unserved u"""));
            sql.append(localLevel("area", "area_code"));
            parts.append(" UNION ALL SELECT 'area', part, ").append(row).append(" FROM area");
            floors.append(levelFloors("area", "area_code", firstUsage));
        }
        if (shape.regions()) {
            sql.append(levelLimits("region", shape.sticky(), """
                    CASE WHEN NOT CAST(:trim AS boolean) THEN l.lim WHEN n.here = 0 THEN 0 ELSE n.here + 1 END""", """
                    unnest(CAST(:regions AS varchar[]), CAST(:regionLimits AS int[]), CAST(:regionFloors AS bigint[]))
                           AS l(value, lim, floor)""", """
                    SELECT count(*) AS here FROM unserved u WHERE u.region = l.value"""));
            sql.append(localLevel("region", "region"));
            parts.append(" UNION ALL SELECT 'region', part, ").append(row).append(" FROM region");
            floors.append(levelFloors("region", "region", firstUsage));
        }
        sql.append("""
                ,
                parts AS MATERIALIZED (%3$s),
                caps AS (SELECT * FROM unnest(CAST(:capSegments AS varchar[]), CAST(:capHours AS int[]),
                                              CAST(:capDays AS int[])) AS k(segment, per_hour, per_day)),
                candidates AS (
                    SELECT d.id, d.usage_count, d.last_used_at, d.number, d.area_code, d.region, %4$s,
                           dense_rank() OVER (ORDER BY %2$s) - 1 AS rank
                      FROM (SELECT DISTINCT %5$s FROM parts) d%6$s)
                SELECT p.kind, p.part, c.* FROM parts p JOIN candidates c ON c.id = p.id
                UNION ALL
                SELECT kind, part, NULL, usage_count, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                  FROM (""").append(floors).append("""
                ) floors
                UNION ALL
                -- the snapshot of this statement, which the floors are as of
                SELECT 'snapshot', CAST(pg_current_snapshot() AS text), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       NULL, NULL, NULL
                 ORDER BY rank""");
        // every DID's calls as caps need them: exact from its row or counted near a cap, else its upper bounds
        return sql.toString().formatted(pool, D_ROTATION_ORDER, parts,
                "c.calls_last_hour AS calls_hour, c.calls_last_day AS calls_day, "
                        + (capped ? "k.per_hour AS cap_hour, k.per_day AS cap_day"
                                : "NULL::int AS cap_hour, NULL::int AS cap_day"), row,
                (capped ? " LEFT JOIN caps k ON k.segment = d.segment" : "")
                        + " CROSS JOIN LATERAL did_calls_for_caps(d.id, d.last_call_at, d.calls_hour_bound,"
                        + " d.calls_day_bound, d.calls_hour_since, d.calls_day_since, "
                        + (capped ? "k.per_hour, k.per_day" : "NULL, NULL")
                        + ", :allocations) c", local);
    }

    /**
     * How many rows a local part of a read ({@code name}: area or region) reads of each of its levels, and from which
     * floor, as {@code name_limits(value, lim, floor)} from {@code levels} (which has {@code lim}, as the read asked,
     * and {@code floor}). With sticky caller ID the database may {@code trim} them (its counts {@code n} of the
     * destinations that their sticky DIDs may fail, from {@code counts}), since only it knows which keep theirs.
     */
    private static String levelLimits(String name, boolean sticky, String trimmed, String levels, String counts) {
        if (!sticky) {
            return "\n,\n%s_limits AS (SELECT l.value, l.lim, l.floor FROM %s)".formatted(name, levels.strip());
        }
        return "\n,\n%s_limits AS (\nSELECT l.value, %s AS lim, l.floor\n  FROM %s\n CROSS JOIN LATERAL (%s) n)"
                .formatted(name, trimmed.strip(), levels.strip(), counts.strip());
    }

    /**
     * The part of a read named {@code name}: for each level of {@code name_limits} on the {@code column}, the next
     * usable rows beyond the head in rotation order, as many as its {@code lim}, from its floor (its placeholders are
     * the read's: %2$s the rotation order, %7$s the local level's rows).
     */
    private static String localLevel(String name, String column) {
        return """
                ,
                %1$s AS (
                    SELECT l.value AS part, e.* FROM fresh f, %1$s_limits l
                    CROSS JOIN LATERAL (%%7$s AND d.%2$s = l.value AND d.id NOT IN (SELECT id FROM head)
                                          AND d.usage_count >= CASE WHEN f.ok THEN l.floor ELSE 0 END
                                        ORDER BY %%2$s LIMIT l.lim) e
                     WHERE l.lim > 0)""".formatted(name, column);
    }

    /**
     * The next floors of the levels that {@link #localLevel} reads ({@code firstUsage}: a level's), and how many rows
     * it read of each.
     */
    private static String levelFloors(String name, String column, String firstUsage) {
        return """

                UNION ALL SELECT '%1$s floor', l.value, (%3$s AND d.%2$s = l.value
                                                            AND d.usage_count >= CASE WHEN f.ok THEN l.floor ELSE 0 END
                                                          ORDER BY %%2$s LIMIT 1)
                  FROM fresh f, %1$s_limits l WHERE l.lim > 0
                UNION ALL SELECT '%1$s limit', l.value, l.lim FROM %1$s_limits l"""
                .formatted(name, column, firstUsage);
    }

    /** The row's candidate, added to {@code all} unless another part read it already; answers its id. */
    private static UUID candidate(ResultSet rs, Map<UUID, Candidate> all) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        if (!all.containsKey(id)) {
            all.put(id, candidate(rs));
        }
        return id;
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        Timestamp lastUsed = rs.getTimestamp("last_used_at");
        return new Candidate(rs.getObject("id", UUID.class), rs.getInt("rank"), rs.getLong("usage_count"),
                lastUsed == null ? null : lastUsed.toInstant(), rs.getString("number"), rs.getString("area_code"),
                rs.getString("region"),
                rs.getLong("calls_hour"), rs.getLong("calls_day"), (Integer) rs.getObject("cap_hour"),
                (Integer) rs.getObject("cap_day"));
    }

    /** Locks these DIDs' rows until the transaction ends, so that nothing changes them under a retried batch. */
    public void lock(Collection<UUID> ids) {
        jdbc.sql("SELECT id FROM asterisk_dids WHERE id = ANY (CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE")
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, i) -> rs.getObject(1))
                .list();
    }

    /**
     * One allocation of a batch: {@code did}, at position {@code step} of the batch, as read by
     * {@link #readCandidates} ({@code usageWas}, {@code lastUsedWas}, {@code numberWas}), for {@code destination}
     * (null when unknown).
     */
    public record Use(UUID did, int step, long usageWas, Instant lastUsedWas, String numberWas, String destination) {
    }

    /**
     * A batch's writes in one statement: each DID's count rises by its uses (relative, so that nothing is lost), its
     * last use is the batch's time plus the position of its last pick in microseconds (so that the next batch sees
     * the order that one-by-one allocation would have left), each use is a call in {@code did_calls}, and each
     * destination's DID of the segment is remembered for sticky caller ID.
     *
     * <p>A DID is written only if it is still as it was read (count, last use, number), still in the pool and still
     * selectable: a pinned allocation, a rest or an operator's edit since the read leaves it out, and the answer then
     * lacks it. The caller rolls the batch back and retries it, locking those DIDs first.
     *
     * @return each DID written, as it was before the batch (its calls too: add the batch's own)
     */
    public List<Did> countUses(TenantId tenant, String segment, List<Use> uses) {
        return countUsesStatement(tenant, segment, uses, false).run(template);
    }

    /**
     * {@link #countUses} as a statement that writes every DID or fails: when one changed since the read, it fails
     * ({@link #changedSinceRead}) instead of answering fewer rows, so that a COMMIT sent behind it in the same round
     * trip ({@link Pipelined}) never commits a batch in part.
     */
    public Pipelined.Statement<List<Did>> countAllUsesStatement(TenantId tenant, String segment, List<Use> uses) {
        return countUsesStatement(tenant, segment, uses, true);
    }

    /** Whether {@code failure} is that of {@link #countAllUsesStatement} finding a DID changed since the read. */
    public static boolean changedSinceRead(RuntimeException failure) {
        return DIDS_CHANGED.equals(SqlStates.of(failure));
    }

    private Pipelined.Statement<List<Did>> countUsesStatement(TenantId tenant, String segment, List<Use> uses,
            boolean all) {
        Map<UUID, int[]> perDid = new LinkedHashMap<>();
        Map<UUID, Use> firstUse = new LinkedHashMap<>();
        Map<String, Use> lastPerDestination = new LinkedHashMap<>();
        for (Use use : uses) {
            int[] usesAndLast = perDid.computeIfAbsent(use.did(), id -> new int[2]);
            usesAndLast[0]++;
            usesAndLast[1] = use.step();
            firstUse.putIfAbsent(use.did(), use);
            if (use.destination() != null) {
                lastPerDestination.remove(use.destination());
                lastPerDestination.put(use.destination(), use);
            }
        }
        List<Use> perDidFirst = new ArrayList<>(firstUse.values());
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenant", tenant.value())
                .addValue("segment", segment)
                .addValue("ids", perDid.keySet().stream().map(UUID::toString).toArray(String[]::new))
                .addValue("uses", perDid.values().stream().map(v -> v[0]).toArray(Integer[]::new))
                .addValue("lastPicks", perDid.values().stream().map(v -> v[1]).toArray(Integer[]::new))
                .addValue("usageWas", perDidFirst.stream().map(Use::usageWas).toArray(Long[]::new))
                .addValue("lastUsedWas", perDidFirst.stream()
                        .map(u -> u.lastUsedWas() == null ? null : u.lastUsedWas().toString()).toArray(String[]::new))
                .addValue("numberWas", perDidFirst.stream().map(Use::numberWas).toArray(String[]::new))
                .addValue("callIds", uses.stream().map(u -> u.did().toString()).toArray(String[]::new))
                .addValue("callSteps", uses.stream().map(Use::step).toArray(Integer[]::new))
                .addValue("stickyDestinations", lastPerDestination.keySet().toArray(String[]::new))
                .addValue("stickyIds", lastPerDestination.values().stream().map(u -> u.did().toString())
                        .toArray(String[]::new))
                .addValue("stickySteps", lastPerDestination.values().stream().map(Use::step).toArray(Integer[]::new))
                .addValue("dids", perDid.size());
        ParsedStatement statement = COUNT_USES.computeIfAbsent(new WriteShape(!lastPerDestination.isEmpty(), all),
                shape -> ParsedStatement.of(countUsesSql(shape)));
        return Pipelined.Statement.of(statement.sql(),
                Arrays.asList(NamedParameterUtils.buildValueArray(statement.parsed(), params, null)),
                new RowMapperResultSetExtractor<>(DidRowMapper.INSTANCE));
    }

    /** What the write's statement depends on: whether it remembers sticky choices, whether it writes all or fails. */
    private record WriteShape(boolean sticky, boolean all) {
    }

    /** The statement of {@link #countUses}, with or without the sticky choices' part and the check that all went. */
    private static String countUsesSql(WriteShape shape) {
        return """
                WITH p AS (
                    SELECT * FROM unnest(CAST(CAST(:ids AS varchar[]) AS uuid[]), CAST(:uses AS int[]),
                                         CAST(:lastPicks AS int[]), CAST(:usageWas AS bigint[]),
                                         CAST(CAST(:lastUsedWas AS varchar[]) AS timestamptz[]),
                                         CAST(:numberWas AS varchar[]))
                        AS p(id, uses, last_pick, usage_was, last_used_was, number_was)),
                -- each DID's calls before the batch, exactly (V13): its answer's, and with the batch's on its row;
                -- and the number of its last call, which its calls in the batch follow (V19)
                x AS (
                    SELECT p.*, e.*, a.last_call_seq FROM p JOIN asterisk_dids a ON a.id = p.id
                     CROSS JOIN LATERAL did_exact_calls(a.id, a.last_call_at, a.calls_hour_bound, a.calls_day_bound,
                                                        a.calls_hour_since, a.calls_day_since) e),
                upd AS (
                    UPDATE asterisk_dids AS d
                       SET usage_count = d.usage_count + x.uses,
                           last_used_at = statement_timestamp() + x.last_pick * INTERVAL '1 microsecond',
                           last_call_at = statement_timestamp() + x.last_pick * INTERVAL '1 microsecond',
                           calls_hour_bound = x.calls_last_hour + x.uses,
                           calls_day_bound = x.calls_last_day + x.uses,
                           calls_hour_since = coalesce(x.first_in_hour, statement_timestamp()),
                           calls_day_since = coalesce(x.first_in_day, statement_timestamp()),
                           last_call_seq = x.last_call_seq + x.uses
                      FROM x
                     WHERE d.id = x.id AND d.tenant_id = :tenant
                       AND (CAST(:segment AS varchar) IS NULL OR d.segment = :segment) AND %1$s
                       AND d.usage_count = x.usage_was AND d.last_used_at IS NOT DISTINCT FROM x.last_used_was
                       AND d.number = x.number_was
                    RETURNING d.*, x.calls_last_hour AS calls_hour_was, x.calls_last_day AS calls_day_was),
                calls AS (
                    INSERT INTO did_calls (did_id, seq, at)
                    SELECT c.id, x.last_call_seq + row_number() OVER (PARTITION BY c.id ORDER BY c.step),
                           statement_timestamp() + c.step * INTERVAL '1 microsecond'
                      FROM unnest(CAST(CAST(:callIds AS varchar[]) AS uuid[]), CAST(:callSteps AS int[]))
                           AS c(id, step)
                      JOIN x ON x.id = c.id%5$s)%3$s
                SELECT %2$s FROM upd u%4$s""".formatted(DidRepository.selectable("d"), DidRowMapper.columns("u"),
                !shape.sticky() ? "" : """
                        ,
                        sticky AS (
                            INSERT INTO sticky_caller_ids (tenant_id, segment, destination, did_id, at)
                            SELECT :tenant, u.segment, s.destination, s.id,
                                   statement_timestamp() + s.step * INTERVAL '1 microsecond'
                              FROM unnest(CAST(:stickyDestinations AS varchar[]),
                                          CAST(CAST(:stickyIds AS varchar[]) AS uuid[]), CAST(:stickySteps AS int[]))
                                   AS s(destination, id, step)
                              JOIN upd u ON u.id = s.id
                             WHERE u.segment IS NOT NULL
                            ON CONFLICT (tenant_id, segment, destination)
                            DO UPDATE SET did_id = EXCLUDED.did_id, at = EXCLUDED.at)""",
                " CROSS JOIN LATERAL (SELECT u.calls_hour_was AS calls_last_hour, u.calls_day_was AS calls_last_day)"
                        + " u_calls" + DidRowMapper.answerRate("u"),
                // a data-modifying CTE always runs, whatever reads it: the check rides on the calls' insert, once
                // (an uncorrelated subquery), after the update has written every row it could (V16)
                !shape.all() ? "" : "\n                     WHERE (SELECT batch_written_as_read(:dids, count(*)) FROM upd)");
    }

    /** A statement with positional parameters, and where its named ones go. */
    private record ParsedStatement(String sql, ParsedSql parsed) {
        static ParsedStatement of(String named) {
            ParsedSql parsed = NamedParameterUtils.parseSqlStatement(named);
            return new ParsedStatement(NamedParameterUtils.substituteNamedParameters(parsed, null), parsed);
        }
    }

    /**
     * Locks one DID of the tenant for a pinned allocation and reads it after the lock, so that its calls include
     * every allocation committed before; empty when the tenant has no such DID.
     */
    public Optional<Did> lockPinned(TenantId tenant, UUID didId) {
        boolean found = !jdbc.sql("SELECT id FROM asterisk_dids WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
                .param("tenant", tenant.value())
                .param("id", didId)
                .query((rs, i) -> rs.getObject(1))
                .list().isEmpty();
        if (!found) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + DidRowMapper.columns("d") + " FROM asterisk_dids d" + DidRowMapper.activity("d")
                        + " WHERE d.id = :id")
                .param("id", didId)
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    /** Why a pool gave nothing: how many of its DIDs are at a cap, resting, or not selectable by their status. */
    public record Unusable(long capped, long resting, long notSelectable) {
    }

    /** Counts, as of now in this transaction (this batch's calls included), why the pool's DIDs are not usable. */
    public Unusable unusable(TenantId tenant, String segment, Map<String, SegmentPolicy> caps) {
        List<SegmentPolicy> capPolicies = new ArrayList<>(caps.values());
        return jdbc.sql("""
                        WITH caps AS (SELECT * FROM unnest(CAST(:capSegments AS varchar[]), CAST(:capHours AS int[]),
                                                           CAST(:capDays AS int[])) AS k(segment, per_hour, per_day))
                        SELECT count(*) FILTER (WHERE d.status NOT IN ('active', 'available')) AS not_selectable,
                               count(*) FILTER (WHERE d.status IN ('active', 'available') AND NOT %1$s) AS resting,
                               count(*) FILTER (WHERE %1$s AND (r.calls_last_hour >= k.per_hour
                                                             OR r.calls_last_day >= k.per_day)) AS capped
                          FROM asterisk_dids d
                          LEFT JOIN caps k ON k.segment = d.segment
                          LEFT JOIN LATERAL (SELECT * FROM did_recent_calls(d.id) WHERE k.segment IS NOT NULL) r
                                 ON true
                         WHERE d.tenant_id = :tenant AND (CAST(:segment AS varchar) IS NULL OR d.segment = :segment)"""
                        .formatted(DidRepository.selectable("d")))
                .param("tenant", tenant.value())
                .param("segment", segment)
                .param("capSegments", caps.keySet().toArray(String[]::new))
                .param("capHours", capPolicies.stream().map(SegmentPolicy::maxCallsPerHour).toArray(Integer[]::new))
                .param("capDays", capPolicies.stream().map(SegmentPolicy::maxCallsPerDay).toArray(Integer[]::new))
                .query((rs, i) -> new Unusable(rs.getLong("capped"), rs.getLong("resting"),
                        rs.getLong("not_selectable")))
                .single();
    }

    /** A recorded outcome: the DID's segment, the outcome's number, and from which number on outcomes count. */
    public record RecordedOutcome(String segment, long seq, long healthOutcomesFrom) {
    }

    /**
     * Records how a call of the DID ended (answered or not), under the DID's row lock so that outcomes are numbered
     * one after the other; keeps its last 1,000. Empty when the tenant has no such DID (any more).
     */
    public Optional<RecordedOutcome> recordOutcome(TenantId tenant, UUID didId, boolean answered) {
        Optional<RecordedOutcome> did = jdbc.sql("""
                        SELECT segment, health_outcomes_from FROM asterisk_dids
                         WHERE tenant_id = :tenant AND id = :id FOR UPDATE""")
                .param("tenant", tenant.value())
                .param("id", didId)
                .query((rs, i) -> new RecordedOutcome(rs.getString("segment"), 0, rs.getLong(2)))
                .optional();
        if (did.isEmpty()) {
            return Optional.empty();
        }
        long seq = jdbc.sql("""
                        INSERT INTO did_outcomes (did_id, seq, answered, answered_total)
                        SELECT :id, coalesce(last.seq, 0) + 1, :answered,
                               coalesce(last.answered_total, 0) + CASE WHEN :answered THEN 1 ELSE 0 END
                          FROM (SELECT 1) AS one
                          LEFT JOIN LATERAL (SELECT seq, answered_total FROM did_outcomes WHERE did_id = :id
                                              ORDER BY seq DESC LIMIT 1) last ON true
                        RETURNING seq""")
                .param("id", didId)
                .param("answered", answered)
                .query(Long.class)
                .single();
        jdbc.sql("DELETE FROM did_outcomes WHERE did_id = :id AND seq <= :seq - 1000")
                .param("id", didId)
                .param("seq", seq)
                .update();
        return Optional.of(new RecordedOutcome(did.get().segment(), seq, did.get().healthOutcomesFrom()));
    }

    /** The DID's answer rate over its last {@code window} outcomes, as its JSON shows it; null before any outcome. */
    public java.math.BigDecimal answerRate(UUID didId, int window) {
        return jdbc.sql("SELECT answer_rate FROM did_answer_rate(:id, :window)")
                .param("id", didId)
                .param("window", window)
                .query((rs, i) -> rs.getBigDecimal("answer_rate"))
                .optional().orElse(null);
    }

    /** Rests the DID for {@code hours} from now (a longer rest it already has is kept); outcomes so far stop counting. */
    public void rest(UUID didId, int hours, long lastOutcome) {
        jdbc.sql("""
                        UPDATE asterisk_dids
                           SET resting_until = greatest(resting_until, now() + :hours * INTERVAL '1 hour'),
                               health_outcomes_from = :lastOutcome, updated_at = now()
                         WHERE id = :id""")
                .param("hours", hours)
                .param("lastOutcome", lastOutcome)
                .param("id", didId)
                .update();
    }

    /**
     * Takes back uses that were counted by a transaction whose callers were told it failed ({@code uses[i]} from
     * {@code ids[i]}): its COMMIT got no answer, yet the server committed it. Never below zero (a reset since then
     * already took them). {@code last_used_at} keeps the time of those uses, and their calls stay in
     * {@code did_calls}: a cap counts them, which errs on the side of fewer calls.
     */
    public void takeBackUses(UUID[] ids, Integer[] uses) {
        jdbc.sql("""
                        UPDATE asterisk_dids AS d
                           SET usage_count = greatest(d.usage_count - p.uses, 0)
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:uses AS int[])) AS p(id, uses)
                         WHERE d.id = p.id""")
                .param("ids", ids)
                .param("uses", uses)
                .update();
    }

    /**
     * A renamed segment keeps its destinations' sticky choices; choices left under the new name by a segment of that
     * name deleted earlier go.
     */
    void renameSegment(TenantId tenant, String from, String to) {
        jdbc.sql("DELETE FROM sticky_caller_ids WHERE tenant_id = :tenant AND segment = :to")
                .param("tenant", tenant.value())
                .param("to", to)
                .update();
        jdbc.sql("UPDATE sticky_caller_ids SET segment = :to WHERE tenant_id = :tenant AND segment = :from")
                .param("to", to)
                .param("tenant", tenant.value())
                .param("from", from)
                .update();
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
                         ORDER BY 1 NULLS LAST""".formatted(DidRepository.selectable("asterisk_dids")))
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
                         ORDER BY b.segment = '', b.segment, bucket""".formatted(DidRepository.selectable("asterisk_dids")))
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
