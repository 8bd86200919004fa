package io.didpool.allocation;

import io.didpool.did.DidSql;

/**
 * The text of a batch's read ({@link CandidateReader}), one per {@link ReadShape}: a template whose parts are
 * present or not by the shape, so that PostgreSQL plans each shape once. {@code CandidateReadSqlTest} prints every
 * shape's final text and compares it with the one kept under src/test/resources.
 */
final class CandidateReadSql {

    /**
     * The contract's selection order, on rows aliased {@code d}; the partial indexes of V3, V10 and V14 are built in
     * exactly this order.
     */
    static final String D_ROTATION_ORDER = "d.usage_count, d.last_used_at NULLS FIRST, d.number";

    /**
     * What a read's statement depends on: whether the pool is the tenant's, which parts it has, and which caps
     * apply. One statement per shape, built once (see AllocationRepository.lock for why one text per kind of pool).
     */
    record ReadShape(boolean tenantWide, boolean areaCodes, boolean regions, boolean sticky,
            boolean segmentCapped, boolean capped) {
    }

    static String sql(ReadShape shape) {
        boolean capped = shape.capped();
        // Each part reads rows in index order, with what rotation needs of them; calls are taken afterwards, once per
        // DID read, from its row or (near a cap that applies) counted. Only the parts this batch needs are in the
        // statement: a batch with no policy reads its head, as before.
        String columns = "SELECT d.id, d.usage_count, d.last_used_at, d.number, d.area_code, d.region, d.segment,"
                + " d.last_call_at, d.calls_hour_bound, d.calls_day_bound, d.calls_hour_since, d.calls_day_since"
                + " FROM asterisk_dids d";
        // one statement text per kind of pool, so that PostgreSQL can plan it once (see AllocationRepository.lock)
        String inPool = " WHERE d.tenant_id = :tenant" + (shape.tenantWide() ? "" : " AND d.segment = :segment")
                + " AND " + DidSql.selectable("d");
        String pool = columns + inPool;
        // A local level is scanned past the DIDs at the segment's caps, so that an area code whose DIDs are all at a
        // cap is seen to be used up in this read (calls come from the DID's row, counted only near a cap: V13).
        String local = !shape.segmentCapped() ? pool : columns + """
                 CROSS JOIN LATERAL did_calls_for_caps(d.id, d.last_call_at, d.calls_hour_bound, d.calls_day_bound,
                                                       d.calls_hour_since, d.calls_day_since,
                                                       CAST(:capHour AS int), CAST(:capDay AS int), :allocations) cc
                """ + inPool + " AND did_under_caps(cc.calls_last_hour, cc.calls_last_day, CAST(:capHour AS int),"
                + " CAST(:capDay AS int), 0)";
        String row = "id, usage_count, last_used_at, number, area_code, region, segment, last_call_at,"
                + " calls_hour_bound, calls_day_bound, calls_hour_since, calls_day_since";
        // The first usage count of a level in a selectable status, resting or capped or not (a rest or a cap ends by
        // itself), from where its scan may start: the level's next floor.
        String firstUsage = "SELECT d.usage_count FROM asterisk_dids d WHERE d.tenant_id = :tenant"
                + (shape.tenantWide() ? "" : " AND d.segment = :segment") + " AND "
                + DidSql.inSelectableStatus("d");
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
        }
        if (shape.areaCodes() || shape.regions()) {
            // The local destinations that need rows of their area code and region: every one, but on a batch's first
            // read (trim) not those whose sticky DID serves them for sure (in the pool, and under its caps
            // by more than the batch's allocations), as the replay sees the same calls and caps. Only the database
            // knows which these are, so it sizes the local parts itself (the *_limits below), for every read.
            sql.append(!shape.sticky() ? """
                    ,
                    unserved AS (
                        SELECT t.area_code, t.region
                          FROM unnest(CAST(:localAreaCodes AS varchar[]), CAST(:localRegions AS varchar[]))
                               AS t(area_code, region))""" : """
                    ,
                    unserved AS (
                        SELECT t.area_code, t.region
                          FROM unnest(CAST(:localDestinations AS varchar[]), CAST(:localAreaCodes AS varchar[]),
                                      CAST(:localRegions AS varchar[])) AS t(destination, area_code, region)
                         WHERE NOT CAST(:trim AS boolean) OR NOT EXISTS (
                                   SELECT 1 FROM sticky s
                                    CROSS JOIN LATERAL did_calls_for_caps(s.id, s.last_call_at, s.calls_hour_bound,
                                                                          s.calls_day_bound, s.calls_hour_since,
                                                                          s.calls_day_since, CAST(:capHour AS int),
                                                                          CAST(:capDay AS int), :allocations) cc
                                    WHERE s.part = t.destination
                                      AND did_under_caps(cc.calls_last_hour, cc.calls_last_day,
                                                         CAST(:capHour AS int), CAST(:capDay AS int),
                                                         :allocations)))""");
        }
        if (shape.areaCodes()) {
            // an area code's destinations' picks, one more, and a quarter of its region's other destinations: their
            // region picks take the region's least-used DIDs, spread over its area codes (when more came from this
            // one, the replay asks for more of it); times its growth, after replays asked for more of it
            sql.append(levelLimits("area", """
                    unnest(CAST(:areaCodes AS varchar[]), CAST(:areaRegions AS varchar[]), CAST(:areaGrowth AS int[]),
                           CAST(:areaFloors AS bigint[])) AS l(value, region, growth, floor)""", """
                    SELECT count(*) FILTER (WHERE u.area_code = l.value) AS here,
                           count(*) FILTER (WHERE u.region = l.region) AS in_region FROM unserved u""", """
                    n.here + 1 + (greatest(n.in_region - n.here, 0) + 3) / 4"""));
            sql.append(localLevel("area", "area_code"));
            parts.append(" UNION ALL SELECT 'area', part, ").append(row).append(" FROM area");
            floors.append(levelFloors("area", "area_code", firstUsage));
        }
        if (shape.regions()) {
            // a region's destinations' picks and one more, times its growth
            sql.append(levelLimits("region", """
                    unnest(CAST(:regions AS varchar[]), CAST(:regionGrowth AS int[]), CAST(:regionFloors AS bigint[]))
                           AS l(value, growth, floor)""", """
                    SELECT count(*) AS here FROM unserved u WHERE u.region = l.value""", "n.here + 1"));
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
     * floor, as {@code name_limits(value, lim, floor)}: for each of {@code levels} (with its {@code growth} and
     * {@code floor}), {@code rows} of its destinations that need them ({@code counts} from {@code unserved}), times its
     * growth; none for a level whose destinations all keep their sticky DIDs. The one place local parts are sized.
     */
    private static String levelLimits(String name, String levels, String counts, String rows) {
        return "\n,\n%s_limits AS (\nSELECT l.value, l.growth * CASE WHEN n.here = 0 THEN 0 ELSE %s END AS lim, l.floor"
                .formatted(name, rows.strip()) + "\n  FROM %s\n CROSS JOIN LATERAL (%s) n)"
                .formatted(levels.strip(), counts.strip());
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

    private CandidateReadSql() {
    }
}
