-- Campaigns, more (issue 29): recycling rules, and what a campaign's progress shows.
--
-- A campaign's recycle rules: a contact whose call ended with this outcome is called again after after_minutes, as a
-- new step of the same execution, while it has had fewer than max_attempts calls for that node (the first included).
-- Owned by io.didpool.campaign.RecycleRules.
CREATE TABLE campaign_recycle_rules (
    campaign_id   UUID NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    outcome       VARCHAR(16) NOT NULL CHECK (outcome IN ('NO_ANSWER', 'BUSY')),
    after_minutes INT NOT NULL CHECK (after_minutes BETWEEN 1 AND 10080),
    max_attempts  INT NOT NULL CHECK (max_attempts BETWEEN 2 AND 10),
    PRIMARY KEY (campaign_id, outcome)
);

-- When the campaign's first call got a set-up slot, and when its last execution finished: derived from its calls and
-- executions the first time a view of the campaign sees them, then kept (neither can change afterwards).
ALTER TABLE campaigns
    ADD COLUMN started_at  TIMESTAMPTZ,
    ADD COLUMN finished_at TIMESTAMPTZ;

-- A recycled attempt is an ordinary queued call that may not start before not_before (the database's time): its wait
-- (waiting_reason RECYCLE, or CALLING_HOURS when its window opens later still) is worked out from there, also when its
-- window is worked out again. Null for every other call.
ALTER TABLE calls ADD COLUMN not_before TIMESTAMPTZ;
ALTER TABLE calls DROP CONSTRAINT calls_waiting_reason_check;
ALTER TABLE calls ADD CONSTRAINT calls_waiting_reason_check
    CHECK (waiting_reason IN ('CALLING_HOURS', 'ATTEMPT_LIMIT', 'RECYCLE'));

-- A campaign's set-ups of the last minute (its pace), its first set-up, and its calls per DID: one range of this
-- index each. Calls enter it when claimed.
CREATE INDEX calls_flow_claimed ON calls (flow_id, claimed_at) WHERE claimed_at IS NOT NULL;
-- A campaign's recycled attempts, counted: only those calls are in it.
CREATE INDEX calls_flow_recycled ON calls (flow_id) WHERE not_before IS NOT NULL;
