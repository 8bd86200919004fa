-- Journeys: ordered nodes that a contact goes through. A MAKE_CALL node names its caller ID by DID, by segment or by
-- neither (default rotation); did_id and did_segment are real columns so that "which journeys use this DID / this
-- segment" is one indexed query. Settings of a node that nothing queries by live in config (JSONB).
CREATE TABLE journeys (
    id          UUID PRIMARY KEY,
    tenant_id   UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        VARCHAR(255) NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_journeys_tenant ON journeys (tenant_id, created_at, id);

-- did_id has no foreign key on purpose: deleting a DID must neither be refused nor turn a pinned node into rotation
-- (ON DELETE SET NULL would dial with another number). A node whose DID is gone fails its step, saying so.
CREATE TABLE journey_nodes (
    id           UUID PRIMARY KEY,
    journey_id   UUID NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
    tenant_id    UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    position     INT NOT NULL,
    type         VARCHAR(32) NOT NULL CHECK (type IN ('MAKE_CALL')),
    did_id       UUID,
    did_segment  VARCHAR(255),
    config       JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT uq_journey_nodes_position UNIQUE (journey_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX idx_journey_nodes_did ON journey_nodes (tenant_id, did_id) WHERE did_id IS NOT NULL;
CREATE INDEX idx_journey_nodes_segment ON journey_nodes (tenant_id, did_segment) WHERE did_segment IS NOT NULL;

-- One run of a journey for one contact. The queue itself is db-scheduler's table (V6); this row is the history that
-- users read, and attempts counts how often a worker started it (more than one only after an instance died mid-run).
CREATE TABLE journey_executions (
    id             UUID PRIMARY KEY,
    tenant_id      UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    journey_id     UUID NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
    contact_number VARCHAR(16) NOT NULL,
    status         VARCHAR(16) NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    attempts       INT NOT NULL DEFAULT 0,
    executed_by    TEXT,
    error          TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX idx_journey_executions_journey ON journey_executions (tenant_id, journey_id, created_at);

-- What each node of an execution did. The DID is copied (not referenced): the step shows the number that was
-- dialled with, even after the DID is edited or deleted.
CREATE TABLE journey_execution_steps (
    execution_id  UUID NOT NULL REFERENCES journey_executions (id) ON DELETE CASCADE,
    position      INT NOT NULL,
    node_id       UUID NOT NULL,
    type          VARCHAR(32) NOT NULL,
    status        VARCHAR(16) NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    did_id        UUID,
    did_number    VARCHAR(16),
    did_segment   VARCHAR(255),
    did_trunk     VARCHAR(64),
    selected_by   VARCHAR(16),
    destination   VARCHAR(16),
    call_id       VARCHAR(36),
    channel       TEXT,
    outcome       VARCHAR(16),
    error         TEXT,
    started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ,
    PRIMARY KEY (execution_id, position)
);
