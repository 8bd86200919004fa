-- Dialling at carrier scale. Calls wait in a queue of their own in PostgreSQL instead of db-scheduler's table: a
-- call set-up needs a slot of its trunk's pace and room under its concurrency cap, both decided here for every
-- instance at once, and the next call is chosen fairly among tenants and campaigns (see io.didpool.dialing).

-- One row per trunk that has ever had a call queued: the time its next call set-up may start. Locked by the
-- instance that hands out set-up slots of the trunk, so that the pace holds across instances.
CREATE TABLE trunk_pacing (
    trunk        VARCHAR(64) PRIMARY KEY,
    next_slot_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);

-- The instances that dial, and when each last proved it is alive: calls of an instance that stopped proving it are
-- ended as interrupted (never dialled again).
CREATE TABLE dialer_instances (
    id           TEXT PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every call of a journey step, from queued to ended. The row is the call: its id is the AMI ChannelId.
CREATE TABLE calls (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- who asked: the step of an execution (a call is deleted with its execution)
    execution_id    UUID NOT NULL REFERENCES journey_executions (id) ON DELETE CASCADE,
    step            INT NOT NULL,
    node_id         UUID NOT NULL,
    -- fairness: calls of one flow (a campaign, or a tenant's single executions) are served first in, first out,
    -- and flows share their trunk's pace
    flow_id         UUID NOT NULL,
    -- the trunk whose pace the call waits for: its DID's trunk once chosen, before that the trunk of the DID its
    -- pool would give next
    trunk           VARCHAR(64) NOT NULL,
    state           VARCHAR(16) NOT NULL CHECK (state IN ('QUEUED', 'DIALING', 'ENDED', 'CANCELLED')),
    ready_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    destination     VARCHAR(16) NOT NULL,
    -- the caller ID asked for: a pinned DID, else the next of a segment, else the next of the tenant
    want_did_id     UUID,
    want_segment    VARCHAR(255),
    audio_file      VARCHAR(255),
    transfer_number VARCHAR(16),
    -- the DID it got (kept for a retry after the carrier refused the set-up)
    did_id          UUID,
    did_number      VARCHAR(16),
    did_segment     VARCHAR(255),
    did_trunk       VARCHAR(64),
    selected_by     VARCHAR(16),
    match           VARCHAR(16),
    attempts        INT NOT NULL DEFAULT 0,
    owner           TEXT,
    slot_at         TIMESTAMPTZ,
    claimed_at      TIMESTAMPTZ,
    answered_at     TIMESTAMPTZ,
    ended_at        TIMESTAMPTZ,
    channel         TEXT,
    outcome         VARCHAR(16),
    reason          TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- the next calls of a flow on a trunk, in order: what a set-up slot is given to
CREATE INDEX calls_ready ON calls (trunk, flow_id, ready_at, seq) WHERE state = 'QUEUED';
-- calls in progress per trunk (the concurrency cap) and per instance (revival)
CREATE INDEX calls_dialing ON calls (trunk, owner) WHERE state = 'DIALING';
CREATE INDEX calls_flow ON calls (flow_id) WHERE state = 'QUEUED';
CREATE INDEX calls_execution ON calls (execution_id);

-- The flows that have had calls on a trunk, and when each was last served; touched_at moves at every enqueue so that
-- the clean-up of idle flows can never remove one a call was just queued to.
CREATE TABLE dial_flows (
    trunk          VARCHAR(64) NOT NULL,
    flow_id        UUID NOT NULL,
    tenant_id      UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    last_served_at TIMESTAMPTZ,
    touched_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (trunk, flow_id)
);

-- When each tenant was last served on a trunk: tenants take turns first, then the flows of a tenant.
CREATE TABLE dial_turns (
    trunk          VARCHAR(64) NOT NULL,
    tenant_id      UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    last_served_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (trunk, tenant_id)
);

-- Flows whose calls may not start now (a paused campaign).
CREATE TABLE paused_flows (
    flow_id UUID PRIMARY KEY
);

-- Campaigns: one journey run for a list of contacts.
CREATE TABLE campaigns (
    id         UUID PRIMARY KEY,
    tenant_id  UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    journey_id UUID NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
    name       VARCHAR(255) NOT NULL,
    status     VARCHAR(16) NOT NULL CHECK (status IN ('RUNNING', 'PAUSED', 'CANCELLED', 'DONE')),
    total      INT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_tenant ON campaigns (tenant_id, created_at, id);

ALTER TABLE journey_executions ADD COLUMN campaign_id UUID REFERENCES campaigns (id) ON DELETE CASCADE;
ALTER TABLE journey_executions DROP CONSTRAINT journey_executions_status_check;
ALTER TABLE journey_executions ADD CONSTRAINT journey_executions_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'));
CREATE INDEX idx_journey_executions_campaign ON journey_executions (campaign_id, status)
    WHERE campaign_id IS NOT NULL;
CREATE INDEX idx_journey_executions_status ON journey_executions (tenant_id, journey_id, status, created_at);

ALTER TABLE journey_execution_steps ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE journey_execution_steps ADD COLUMN match VARCHAR(16);

-- Executions queued by an earlier didpool wait in db-scheduler's table: they become calls of their first node.
-- One that was running then had its call placed or not: it is failed as interrupted, never dialled again.
UPDATE journey_executions
   SET status = 'FAILED', finished_at = now(),
       error = 'interrupted: didpool was upgraded while this execution ran; not retried, so that the contact is never'
               || ' called twice'
 WHERE status = 'RUNNING';
UPDATE journey_execution_steps
   SET status = 'FAILED', finished_at = now(), error = 'interrupted by the upgrade of didpool'
 WHERE status = 'RUNNING';
UPDATE journey_executions e
   SET status = 'COMPLETED', finished_at = now()
 WHERE status = 'QUEUED' AND NOT EXISTS (SELECT 1 FROM journey_nodes n WHERE n.journey_id = e.journey_id);
INSERT INTO calls (id, tenant_id, execution_id, step, node_id, flow_id, trunk, state, destination, want_did_id,
                   want_segment, audio_file, transfer_number)
SELECT gen_random_uuid(), e.tenant_id, e.id, 0, n.id, e.tenant_id,
       coalesce((SELECT d.trunk FROM asterisk_dids d WHERE d.id = n.did_id AND d.tenant_id = e.tenant_id), 'TWILIO'),
       'QUEUED', e.contact_number, n.did_id, n.did_segment, n.config ->> 'audioFile', n.config ->> 'transferNumber'
  FROM journey_executions e
  JOIN journey_nodes n ON n.journey_id = e.journey_id AND n.position = 0
 WHERE e.status = 'QUEUED';
INSERT INTO trunk_pacing (trunk) SELECT DISTINCT trunk FROM calls ON CONFLICT DO NOTHING;
INSERT INTO dial_flows (trunk, flow_id, tenant_id)
SELECT DISTINCT trunk, flow_id, tenant_id FROM calls ON CONFLICT DO NOTHING;
DELETE FROM scheduled_tasks WHERE task_name = 'journey-execution';
