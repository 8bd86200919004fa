-- Each rule of the caps written once in SQL.
--
-- "Under its caps": a DID that takes `more` calls now stays below both of its caps (a null cap: none). Every statement
-- that asks it calls this function: the batch's read (a local level's rows and the destinations a sticky DID serves
-- for sure), the refusal's counts and did_calls_for_caps' "near a cap". Java's own copy, for the replay and pinned DIDs
-- (allocation.Caps), is held to it by CapsRuleTest on generated cases. IMMUTABLE and a single expression, so that
-- PostgreSQL inlines it into the calling statement: the plans are those of the conditions it replaces.
CREATE FUNCTION did_under_caps(calls_last_hour BIGINT, calls_last_day BIGINT, per_hour INT, per_day INT, more INT)
    RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE AS $$
    SELECT (per_hour IS NULL OR calls_last_hour + more < per_hour)
       AND (per_day IS NULL OR calls_last_day + more < per_day)
$$;

-- What a DID's row knows of its calls in each window (V13), written once for the two functions below, which each had a
-- copy: the exact count where the row knows it (0 for a window that starts after the last call; else the bound while
-- the oldest call the row counted is still inside), null where only did_calls knows; and the time of the oldest call
-- inside the window where any is.
CREATE FUNCTION did_known_calls(last_call TIMESTAMPTZ, hour_bound INT, day_bound INT, hour_since TIMESTAMPTZ,
                                day_since TIMESTAMPTZ)
    RETURNS TABLE (hour_calls INT, hour_first TIMESTAMPTZ, day_calls INT, day_first TIMESTAMPTZ)
    LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN last_call IS NULL OR last_call <= now() - INTERVAL '1 hour' THEN 0
                WHEN hour_since > now() - INTERVAL '1 hour' THEN hour_bound END,
           CASE WHEN last_call > now() - INTERVAL '1 hour' THEN hour_since END,
           CASE WHEN last_call IS NULL OR last_call <= now() - INTERVAL '1 day' THEN 0
                WHEN day_since > now() - INTERVAL '1 day' THEN day_bound END,
           CASE WHEN last_call > now() - INTERVAL '1 day' THEN day_since END
$$;

-- As in V13, on did_known_calls.
CREATE OR REPLACE FUNCTION did_exact_calls(did UUID, last_call TIMESTAMPTZ, hour_bound INT, day_bound INT,
                                           hour_since TIMESTAMPTZ, day_since TIMESTAMPTZ)
    RETURNS TABLE (calls_last_hour BIGINT, calls_last_day BIGINT, first_in_hour TIMESTAMPTZ,
                   first_in_day TIMESTAMPTZ)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(k.hour_calls, r.calls_last_hour), coalesce(k.day_calls, r.calls_last_day),
           CASE WHEN k.hour_calls IS NOT NULL THEN k.hour_first
                ELSE (SELECT at FROM did_calls WHERE did_id = did AND at > now() - INTERVAL '1 hour'
                       ORDER BY at LIMIT 1) END,
           CASE WHEN k.day_calls IS NOT NULL THEN k.day_first
                ELSE (SELECT at FROM did_calls WHERE did_id = did AND at > now() - INTERVAL '1 day'
                       ORDER BY at LIMIT 1) END
      FROM did_known_calls(last_call, hour_bound, day_bound, hour_since, day_since) k
      LEFT JOIN LATERAL (SELECT * FROM did_recent_calls(did)
                          WHERE k.hour_calls IS NULL OR k.day_calls IS NULL) r ON true
$$;

-- As in V13, on did_known_calls; a bound is "near its cap" when `slack` more calls would not keep it under the cap.
CREATE OR REPLACE FUNCTION did_calls_for_caps(did UUID, last_call TIMESTAMPTZ, hour_bound INT, day_bound INT,
                                              hour_since TIMESTAMPTZ, day_since TIMESTAMPTZ, per_hour INT,
                                              per_day INT, slack INT)
    RETURNS TABLE (calls_last_hour BIGINT, calls_last_day BIGINT)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(k.hour_calls, r.calls_last_hour, hour_bound), coalesce(k.day_calls, r.calls_last_day, day_bound)
      FROM did_known_calls(last_call, hour_bound, day_bound, hour_since, day_since) k
      LEFT JOIN LATERAL (SELECT * FROM did_recent_calls(did)
                          WHERE (k.hour_calls IS NULL AND NOT did_under_caps(hour_bound, 0, per_hour, NULL, slack))
                             OR (k.day_calls IS NULL AND NOT did_under_caps(0, day_bound, NULL, per_day, slack))) r
             ON true
$$;
