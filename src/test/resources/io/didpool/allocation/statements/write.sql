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
       AND (CAST(:segment AS varchar) IS NULL OR d.segment = :segment) AND (d.status IN ('active', 'available') AND (d.resting_until IS NULL OR d.resting_until <= now()))
       AND d.usage_count = x.usage_was AND d.last_used_at IS NOT DISTINCT FROM x.last_used_was
       AND d.number = x.number_was
    RETURNING d.*, x.calls_last_hour AS calls_hour_was, x.calls_last_day AS calls_day_was),
calls AS (
    INSERT INTO did_calls (did_id, seq, at)
    SELECT c.id, x.last_call_seq + row_number() OVER (PARTITION BY c.id ORDER BY c.step),
           statement_timestamp() + c.step * INTERVAL '1 microsecond'
      FROM unnest(CAST(CAST(:callIds AS varchar[]) AS uuid[]), CAST(:callSteps AS int[]))
           AS c(id, step)
      JOIN x ON x.id = c.id)
SELECT u.id, u.number, u.segment, u.trunk, u.status, u.usage_count, u.last_used_at,
u.provider, u.provider_sid, u.friendly_name, u.capability_voice, u.capability_sms,
u.capability_mms, u.import_source, u.created_at, u.updated_at, u.area_code, u.resting_until,
u_calls.calls_last_hour, u_calls.calls_last_day, u_rate.answer_rate FROM upd u CROSS JOIN LATERAL (SELECT u.calls_hour_was AS calls_last_hour, u.calls_day_was AS calls_last_day) u_calls LEFT JOIN LATERAL (SELECT p.health_window_calls FROM segment_policies p WHERE p.tenant_id = u.tenant_id AND p.segment = u.segment) u_policy ON true LEFT JOIN LATERAL did_answer_rate(u.id, coalesce(u_policy.health_window_calls, 50)) u_rate ON true