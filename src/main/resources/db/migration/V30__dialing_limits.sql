-- Attempt limits (issue 27): a tenant may allow at most N calls to one number in any rolling 24 hours, across all its
-- journeys and campaigns; a call over the limit waits until it is allowed. The dialer asks when it claims calls
-- (io.didpool.dialinglimits.AttemptLimits), in the claim's transaction, so that the database decides across instances.

-- A tenant's limit. No row: no limit (the default). The bound of 1000 keeps the claim's count of a number's recent
-- attempts a short index scan.
CREATE TABLE dialing_limits (
    tenant_id                      UUID        PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    max_calls_per_contact_per_day  INTEGER     NOT NULL CHECK (max_calls_per_contact_per_day BETWEEN 1 AND 1000),
    updated_at                     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every call the dialer placed, by tenant and number, at the claim's time (the database's clock). Recorded ALWAYS,
-- whether or not the tenant has a limit, so that a limit set at noon counts the morning's calls. Rows older than 25
-- hours (the 24-hour window and a margin) are deleted by the recurring task contact-attempt-pruning. No primary key:
-- nothing refers to a row, and the one index serves both the claim's count and the pruning's range.
CREATE TABLE contact_attempts (
    tenant_id  UUID        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number     VARCHAR(16) NOT NULL,
    at         TIMESTAMPTZ NOT NULL
);

-- "The tenant's attempts to this number after t", newest first: a backward range scan that stops after N rows.
CREATE INDEX contact_attempts_by_number ON contact_attempts (tenant_id, number, at);
-- The pruning's "older than t" across tenants.
CREATE INDEX contact_attempts_by_time ON contact_attempts (at);
