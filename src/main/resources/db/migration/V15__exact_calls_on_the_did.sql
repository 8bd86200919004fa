-- A DID's call bounds (V13) become exact counts while they can be: every call now writes the DID's exact calls in the
-- hour and the 24 hours, and since when they count (calls_hour_since, calls_day_since: the oldest call counted). Until
-- that call leaves the window no call has left it, and none came without rewriting the row, so the count on the row
-- is the exact count, with no index probe; a DID at its cap is seen at its cap for free (it was counted exactly at
-- every read). After that it is an upper bound as before, and counted exactly only near a cap. Rows written before
-- have no "since" and are bounds only.
ALTER TABLE asterisk_dids
    ADD COLUMN calls_hour_since TIMESTAMPTZ,
    ADD COLUMN calls_day_since  TIMESTAMPTZ;

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

-- did_calls_for_caps (V13) with the exact counts of the row: exact from the row where it knows them, else exactly
-- from did_calls when a bound is within `slack` calls of its cap, else the bounds.
DROP FUNCTION did_calls_for_caps(UUID, TIMESTAMPTZ, INT, INT, INT, INT, INT);
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
