-- Calls wait for the callee's calling hours and for the tenant's attempt limit (issue 27). A call's window is worked
-- out in Java (time zones, DST, the tenant's, journey's or campaign's hours) when it is queued, and only again when
-- the stretch it was given ends or its hours change; the claim itself compares timestamps through indexes, so
-- waiting calls cost it nothing.
--
-- ready_at (existing): when the call may start. A call outside its window gets the instant its window next opens.
-- window_closes_at: when the stretch of allowed time the call was placed in ends (null: it does not end). A queued
--   call whose stretch has ended is never claimed (the claim's filter); the claim first moves such calls to their next
--   opening, a bounded batch at a time, through calls_window_ended. Set to now() to have a call's window worked out
--   again (its hours changed).
-- waiting_reason / waiting_until / waiting_zone: why a queued call whose ready_at is ahead waits, until when on the
--   service's clock, and the time zone whose window it waits for: what executions and campaigns show.
-- journey_id: whose hours apply (with the campaign, flow_id, and the tenant).
ALTER TABLE calls
    ADD COLUMN journey_id       UUID,
    ADD COLUMN window_closes_at TIMESTAMPTZ,
    ADD COLUMN waiting_reason   VARCHAR(16) CHECK (waiting_reason IN ('CALLING_HOURS', 'ATTEMPT_LIMIT')),
    ADD COLUMN waiting_until    TIMESTAMPTZ,
    ADD COLUMN waiting_zone     VARCHAR(64);

CREATE INDEX calls_window_ended ON calls (trunk, window_closes_at)
    WHERE state = 'QUEUED' AND window_closes_at IS NOT NULL;
