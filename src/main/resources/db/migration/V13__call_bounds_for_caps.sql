-- Caps without counting every candidate's calls. A batch reads hundreds of candidate DIDs and picks a few dozen;
-- counting each one's calls exactly (did_recent_calls: four index probes) was most of a batch's time. Each DID now
-- carries upper bounds of its calls, written with every call: calls_hour_bound and calls_day_bound are at least its
-- calls in the hour and the 24 hours up to its last call (last_call_at). A DID takes no call without them being
-- rewritten, and calls only leave windows later, so they bound its calls in any window that ends later; a window that
-- starts after last_call_at holds none of them. They are facts about calls, not about any policy: a policy edited or
-- a DID moved to another segment in SQL changes nothing here, and the cap is compared at the next allocation.
-- did_calls stays the truth: a DID whose bound comes near a cap is counted exactly (did_calls_for_caps).
ALTER TABLE asterisk_dids
    ADD COLUMN last_call_at     TIMESTAMPTZ,
    ADD COLUMN calls_hour_bound INT NOT NULL DEFAULT 0,
    ADD COLUMN calls_day_bound  INT NOT NULL DEFAULT 0;

-- Every call kept (the last 25 hours) bounds both windows.
UPDATE asterisk_dids d
   SET last_call_at = c.last_at, calls_hour_bound = c.calls, calls_day_bound = c.calls
  FROM (SELECT did_id, max(at) AS last_at, count(*) AS calls FROM did_calls GROUP BY did_id) c
 WHERE c.did_id = d.id;

-- A DID's calls in the last 60 minutes and 24 hours as a cap needs them: exactly (did_recent_calls) when a bound is
-- within `slack` calls of its cap (per_hour, per_day; null: no such cap), else the bounds themselves, which are then
-- far enough below the caps that `slack` more calls keep the DID under them, exactly as its true counts would.
-- Set-returning and in SQL, so that PostgreSQL plans it into the calling query, for each DID read.
CREATE FUNCTION did_calls_for_caps(did UUID, last_call TIMESTAMPTZ, hour_bound INT, day_bound INT, per_hour INT,
                                   per_day INT, slack INT)
    RETURNS TABLE (calls_last_hour BIGINT, calls_last_day BIGINT)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(r.calls_last_hour, b.hour_calls), coalesce(r.calls_last_day, b.day_calls)
      FROM (SELECT CASE WHEN last_call > now() - INTERVAL '1 hour' THEN hour_bound ELSE 0 END AS hour_calls,
                   CASE WHEN last_call > now() - INTERVAL '1 day' THEN day_bound ELSE 0 END AS day_calls) b
      LEFT JOIN LATERAL (SELECT * FROM did_recent_calls(did)
                          WHERE b.hour_calls + slack >= per_hour OR b.day_calls + slack >= per_day) r ON true
$$;
