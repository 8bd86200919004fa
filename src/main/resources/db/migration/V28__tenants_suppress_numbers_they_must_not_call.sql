-- Do-not-call suppression: a tenant's own list of numbers its journeys and campaigns must not call (issue 27). It is
-- checked when executions are queued (a campaign's, or a single one: the execution ends SUPPRESSED at once, no call
-- queued) and again when the dialer claims a call (a number suppressed after queueing is not dialled: the call ends
-- SUPPRESSED, and so does its execution). The claim's check is one probe of the primary key per claimed call.
--
-- expires_at: null suppresses until the entry is removed; otherwise the entry suppresses while expires_at is after the
-- database's now() (the one clock every instance's claim shares); an expired entry stays listed until removed or
-- replaced.
CREATE TABLE suppressed_numbers (
    tenant_id  UUID        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number     VARCHAR(16) NOT NULL CHECK (number ~ '^\+[1-9][0-9]{1,14}$'),
    reason     VARCHAR(200),
    expires_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, number)
);

-- An execution whose contact is suppressed ends SUPPRESSED, never dialled.
ALTER TABLE journey_executions DROP CONSTRAINT journey_executions_status_check;
ALTER TABLE journey_executions ADD CONSTRAINT journey_executions_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'SUPPRESSED'));
