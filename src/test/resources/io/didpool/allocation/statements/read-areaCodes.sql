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
    SELECT d.id, d.usage_count, d.last_used_at, d.number, d.area_code, d.region, d.segment, d.last_call_at, d.calls_hour_bound, d.calls_day_bound, d.calls_hour_since, d.calls_day_since FROM asterisk_dids d WHERE d.tenant_id = :tenant AND d.segment = :segment AND (d.status IN ('active', 'available') AND (d.resting_until IS NULL OR d.resting_until <= now())) AND d.usage_count >= (SELECT floor FROM pool_floor) ORDER BY d.usage_count, d.last_used_at NULLS FIRST, d.number LIMIT :head),
unserved AS (
    SELECT t.area_code, t.region
      FROM unnest(CAST(:localAreaCodes AS varchar[]), CAST(:localRegions AS varchar[]))
           AS t(area_code, region))
,
area_limits AS (
SELECT l.value, l.growth * CASE WHEN n.here = 0 THEN 0 ELSE n.here + 1 + (greatest(n.in_region - n.here, 0) + 3) / 4 END AS lim, l.floor
  FROM unnest(CAST(:areaCodes AS varchar[]), CAST(:areaRegions AS varchar[]), CAST(:areaGrowth AS int[]),
       CAST(:areaFloors AS bigint[])) AS l(value, region, growth, floor)
 CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE u.area_code = l.value) AS here,
       count(*) FILTER (WHERE u.region = l.region) AS in_region FROM unserved u) n),
area AS (
    SELECT l.value AS part, e.* FROM fresh f, area_limits l
    CROSS JOIN LATERAL (SELECT d.id, d.usage_count, d.last_used_at, d.number, d.area_code, d.region, d.segment, d.last_call_at, d.calls_hour_bound, d.calls_day_bound, d.calls_hour_since, d.calls_day_since FROM asterisk_dids d WHERE d.tenant_id = :tenant AND d.segment = :segment AND (d.status IN ('active', 'available') AND (d.resting_until IS NULL OR d.resting_until <= now())) AND d.area_code = l.value AND d.id NOT IN (SELECT id FROM head)
                          AND d.usage_count >= CASE WHEN f.ok THEN l.floor ELSE 0 END
                        ORDER BY d.usage_count, d.last_used_at NULLS FIRST, d.number LIMIT l.lim) e
     WHERE l.lim > 0),
parts AS MATERIALIZED (SELECT 'head' AS kind, NULL AS part, id, usage_count, last_used_at, number, area_code, region, segment, last_call_at, calls_hour_bound, calls_day_bound, calls_hour_since, calls_day_since FROM head UNION ALL SELECT 'area', part, id, usage_count, last_used_at, number, area_code, region, segment, last_call_at, calls_hour_bound, calls_day_bound, calls_hour_since, calls_day_since FROM area),
caps AS (SELECT * FROM unnest(CAST(:capSegments AS varchar[]), CAST(:capHours AS int[]),
                              CAST(:capDays AS int[])) AS k(segment, per_hour, per_day)),
candidates AS (
    SELECT d.id, d.usage_count, d.last_used_at, d.number, d.area_code, d.region, c.calls_last_hour AS calls_hour, c.calls_last_day AS calls_day, NULL::int AS cap_hour, NULL::int AS cap_day,
           dense_rank() OVER (ORDER BY d.usage_count, d.last_used_at NULLS FIRST, d.number) - 1 AS rank
      FROM (SELECT DISTINCT id, usage_count, last_used_at, number, area_code, region, segment, last_call_at, calls_hour_bound, calls_day_bound, calls_hour_since, calls_day_since FROM parts) d CROSS JOIN LATERAL did_calls_for_caps(d.id, d.last_call_at, d.calls_hour_bound, d.calls_day_bound, d.calls_hour_since, d.calls_day_since, NULL, NULL, :allocations) c)
SELECT p.kind, p.part, c.* FROM parts p JOIN candidates c ON c.id = p.id
UNION ALL
SELECT kind, part, NULL, usage_count, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM (SELECT 'pool floor' AS kind, NULL AS part, (SELECT d.usage_count FROM asterisk_dids d WHERE d.tenant_id = :tenant AND d.segment = :segment AND d.status IN ('active', 'available') AND d.usage_count >= (SELECT floor FROM pool_floor) ORDER BY d.usage_count, d.last_used_at NULLS FIRST, d.number LIMIT 1) AS usage_count
UNION ALL SELECT 'area floor', l.value, (SELECT d.usage_count FROM asterisk_dids d WHERE d.tenant_id = :tenant AND d.segment = :segment AND d.status IN ('active', 'available') AND d.area_code = l.value
                                            AND d.usage_count >= CASE WHEN f.ok THEN l.floor ELSE 0 END
                                          ORDER BY d.usage_count, d.last_used_at NULLS FIRST, d.number LIMIT 1)
  FROM fresh f, area_limits l WHERE l.lim > 0
UNION ALL SELECT 'area limit', l.value, l.lim FROM area_limits l) floors
UNION ALL
-- the snapshot of this statement, which the floors are as of
SELECT 'snapshot', CAST(pg_current_snapshot() AS text), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL
 ORDER BY rank