-- Caller-ID intelligence: what rotation needs to prefer local numbers, cap the calls of a DID, give a contact the
-- number it got last time and rest numbers whose calls stop being answered. Every rule is read from these tables at
-- each allocation: nothing is cached outside PostgreSQL, so an operator's SQL edit applies to the next allocation.

-- The area code is part of the number (NANP: the three digits after +1), so the database derives it: a DID inserted
-- or renumbered in SQL has the right one at once. Its region (state or province) is not stored: it comes from
-- libphonenumber's geocoder for the area code when a DID is read or a choice is made (see NanpGeography), so a newer
-- library corrects it without a migration.
ALTER TABLE asterisk_dids
    ADD COLUMN area_code VARCHAR(3)
        GENERATED ALWAYS AS (CASE WHEN number ~ '^\+1[0-9]{10}$' THEN substr(number, 3, 3) END) STORED,
    -- Not selectable until then (by hand, PUT restingUntil, or by the health rule); null or past: not resting.
    ADD COLUMN resting_until TIMESTAMPTZ,
    -- Outcomes up to this sequence number decided the last rest and do not count towards the next one.
    ADD COLUMN health_outcomes_from BIGINT NOT NULL DEFAULT 0;

-- Local presence reads the first DIDs of one area code of a segment in rotation order.
CREATE INDEX idx_asterisk_dids_rotation_area_code
    ON asterisk_dids (tenant_id, segment, area_code, usage_count, last_used_at NULLS FIRST, number)
    WHERE status IN ('active', 'available');

-- A segment's caller-ID policy; a segment without a row rotates as before (least used, no limits).
CREATE TABLE segment_policies (
    tenant_id              UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    segment                VARCHAR(63) NOT NULL
                           CONSTRAINT policy_segment_is_lowercase_letters_digits_dot_underscore_dash
                           CHECK (segment ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    local_presence         BOOLEAN NOT NULL DEFAULT false,
    max_calls_per_hour     INT CONSTRAINT max_calls_per_hour_is_at_least_1 CHECK (max_calls_per_hour >= 1),
    max_calls_per_day      INT CONSTRAINT max_calls_per_day_is_at_least_1 CHECK (max_calls_per_day >= 1),
    sticky_days            INT NOT NULL DEFAULT 0
                           CONSTRAINT sticky_days_is_0_to_365 CHECK (sticky_days BETWEEN 0 AND 365),
    rest_below_answer_rate NUMERIC(4, 3)
                           CONSTRAINT rest_below_answer_rate_is_above_0_up_to_1
                           CHECK (rest_below_answer_rate > 0 AND rest_below_answer_rate <= 1),
    health_window_calls    INT NOT NULL DEFAULT 50
                           CONSTRAINT health_window_calls_is_1_to_1000 CHECK (health_window_calls BETWEEN 1 AND 1000),
    rest_hours             INT NOT NULL DEFAULT 24
                           CONSTRAINT rest_hours_is_1_to_8760 CHECK (rest_hours BETWEEN 1 AND 8760),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, segment)
);

-- Every call a DID was allocated to, numbered per DID in time order (seq), kept 25 hours: caps over any rolling hour
-- or 24 hours are exact. Because seq rises by one per call, the calls of a DID after a moment are its newest seq minus
-- the seq of its last call at or before that moment: index probes, whatever the number of calls (did_recent_calls).
-- No foreign key: every allocation writes here, and a deleted DID's calls are only read through the DID (then gone
-- with the pruning), so a per-row check would cost the hot path for nothing.
CREATE TABLE did_calls (
    did_id UUID NOT NULL,
    seq    BIGINT NOT NULL,
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_did_calls_did_at ON did_calls (did_id, at) INCLUDE (seq);
-- for the pruning of calls older than 25 hours; rows arrive in time order, which is what BRIN needs
CREATE INDEX idx_did_calls_at ON did_calls USING brin (at);

-- How the calls of each DID ended, for its answer rate: answered, or rang out, busy or failed (carrier refusals of
-- the set-up are not recorded). seq numbers them per DID; answered_total counts the answered ones up to this one, so
-- the answer rate over the last N is two index probes. The last 1,000 of each DID are kept (the largest window).
CREATE TABLE did_outcomes (
    did_id         UUID NOT NULL REFERENCES asterisk_dids (id) ON DELETE CASCADE,
    seq            BIGINT NOT NULL,
    answered       BOOLEAN NOT NULL,
    answered_total BIGINT NOT NULL,
    at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (did_id, seq)
);

-- A DID's calls in the last 60 minutes and 24 hours, as the API shows them and caps count them. Calls older than 25
-- hours are pruned from the oldest on, so when no kept call is at or before a window's start, every kept call is
-- inside it. A set-returning SQL function, which PostgreSQL plans into the calling query as a subquery; for operators:
--   SELECT d.number, c.* FROM asterisk_dids d, did_recent_calls(d.id) c WHERE d.segment = 'twilio-main';
CREATE FUNCTION did_recent_calls(did UUID) RETURNS TABLE (calls_last_hour BIGINT, calls_last_day BIGINT)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(c.last_seq - coalesce(
               (SELECT seq FROM did_calls WHERE did_id = did AND at <= now() - INTERVAL '1 hour'
                 ORDER BY at DESC LIMIT 1), c.first_seq - 1), 0),
           coalesce(c.last_seq - coalesce(
               (SELECT seq FROM did_calls WHERE did_id = did AND at <= now() - INTERVAL '1 day'
                 ORDER BY at DESC LIMIT 1), c.first_seq - 1), 0)
      FROM (SELECT (SELECT seq FROM did_calls WHERE did_id = did ORDER BY at DESC LIMIT 1) AS last_seq,
                   (SELECT seq FROM did_calls WHERE did_id = did ORDER BY at LIMIT 1) AS first_seq
            OFFSET 0) c  -- read once each, not once per use
$$;

-- A DID's answer rate: the share answered of its last window_calls outcomes (of all of them while it has fewer); no
-- row before its first outcome. The API takes the window from the DID's segment policy (healthWindowCalls, else 50).
CREATE FUNCTION did_answer_rate(did UUID, window_calls INT) RETURNS TABLE (answer_rate NUMERIC)
    LANGUAGE sql STABLE AS $$
    SELECT round((last.answered_total - coalesce(first.answered_total, 0))::numeric
                 / (last.seq - greatest(last.seq - window_calls, 0)), 3)
      FROM (SELECT seq, answered_total FROM did_outcomes WHERE did_id = did ORDER BY seq DESC LIMIT 1) last
      LEFT JOIN did_outcomes first ON first.did_id = did AND first.seq = last.seq - window_calls
$$;

-- The DID each destination got last from each segment, for sticky caller ID. One row per destination and segment,
-- replaced at each call; rows older than the longest stickyDays (365) are pruned. No foreign keys, for the same
-- reason as did_calls: it is only read joined to its DID, so the row of a deleted DID (or tenant) is never used.
CREATE TABLE sticky_caller_ids (
    tenant_id   UUID NOT NULL,
    segment     VARCHAR(63) NOT NULL,
    destination VARCHAR(16) NOT NULL,
    did_id      UUID NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, segment, destination)
);
CREATE INDEX idx_sticky_caller_ids_at ON sticky_caller_ids USING brin (at);

