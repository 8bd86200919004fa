-- Caps without counting every candidate's calls. A batch reads a few hundred candidate DIDs and picks a few dozen;
-- counting each one's calls exactly (did_recent_calls: four index probes) was most of a batch's time. So every call
-- now writes on its DID's row the DID's exact calls in the hour and the 24 hours (calls_hour_bound, calls_day_bound),
-- the time of the oldest of each (calls_hour_since, calls_day_since) and of the last (last_call_at).
-- Until that oldest call leaves its window no call has left it, and none came without rewriting the row, so the count
-- on the row is exact: a DID at its cap is seen at its cap with no index probe. Later, calls have only left the
-- window, so the count is an upper bound; a window that starts after last_call_at holds none. These are facts about
-- calls, not about a policy: a policy edited or a DID moved to another segment in SQL leaves them true. did_calls
-- stays the truth: a DID whose bound is not exact and comes near a cap is counted there (did_calls_for_caps).
ALTER TABLE asterisk_dids
    ADD COLUMN last_call_at     TIMESTAMPTZ,
    ADD COLUMN calls_hour_bound INT NOT NULL DEFAULT 0,
    ADD COLUMN calls_day_bound  INT NOT NULL DEFAULT 0,
    ADD COLUMN calls_hour_since TIMESTAMPTZ,
    ADD COLUMN calls_day_since  TIMESTAMPTZ;

-- Every call kept (the last 25 hours) bounds both windows; with no "since", the bounds are not taken as exact.
UPDATE asterisk_dids d
   SET last_call_at = c.last_at, calls_hour_bound = c.calls, calls_day_bound = c.calls
  FROM (SELECT did_id, max(at) AS last_at, count(*) AS calls FROM did_calls GROUP BY did_id) c
 WHERE c.did_id = d.id;

-- A DID's calls in the last 60 minutes and 24 hours, exactly, and the time of the oldest of each window (null: none),
-- from its row where the row knows them, else from did_calls (index probes). For the write of a batch, which records
-- them on the row with its own calls.
CREATE FUNCTION did_exact_calls(did UUID, last_call TIMESTAMPTZ, hour_bound INT, day_bound INT,
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
      FROM (SELECT CASE WHEN last_call IS NULL OR last_call <= now() - INTERVAL '1 hour' THEN 0
                        WHEN hour_since > now() - INTERVAL '1 hour' THEN hour_bound END AS hour_calls,
                   CASE WHEN last_call > now() - INTERVAL '1 hour' THEN hour_since END AS hour_first,
                   CASE WHEN last_call IS NULL OR last_call <= now() - INTERVAL '1 day' THEN 0
                        WHEN day_since > now() - INTERVAL '1 day' THEN day_bound END AS day_calls,
                   CASE WHEN last_call > now() - INTERVAL '1 day' THEN day_since END AS day_first) k
      LEFT JOIN LATERAL (SELECT * FROM did_recent_calls(did)
                          WHERE k.hour_calls IS NULL OR k.day_calls IS NULL) r ON true
$$;

-- A DID's calls in the last 60 minutes and 24 hours as a cap needs them: exact from its row where the row knows them,
-- else exactly from did_calls when a bound is within `slack` calls of its cap (per_hour, per_day; null: no such cap),
-- else the bounds, far enough below the caps that `slack` more calls keep the DID under them, exactly as its true
-- counts would. Set-returning and in SQL, so that PostgreSQL plans it into the calling query, for each DID read.
CREATE FUNCTION did_calls_for_caps(did UUID, last_call TIMESTAMPTZ, hour_bound INT, day_bound INT,
                                   hour_since TIMESTAMPTZ, day_since TIMESTAMPTZ, per_hour INT, per_day INT,
                                   slack INT)
    RETURNS TABLE (calls_last_hour BIGINT, calls_last_day BIGINT)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(k.hour_calls, r.calls_last_hour, hour_bound), coalesce(k.day_calls, r.calls_last_day, day_bound)
      FROM (SELECT CASE WHEN last_call IS NULL OR last_call <= now() - INTERVAL '1 hour' THEN 0
                        WHEN hour_since > now() - INTERVAL '1 hour' THEN hour_bound END AS hour_calls,
                   CASE WHEN last_call IS NULL OR last_call <= now() - INTERVAL '1 day' THEN 0
                        WHEN day_since > now() - INTERVAL '1 day' THEN day_bound END AS day_calls) k
      LEFT JOIN LATERAL (SELECT * FROM did_recent_calls(did)
                          WHERE (k.hour_calls IS NULL AND hour_bound + slack >= per_hour)
                             OR (k.day_calls IS NULL AND day_bound + slack >= per_day)) r ON true
$$;
