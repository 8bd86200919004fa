-- Who changed what through the API or the console: written in the same transaction as the change it records, so that
-- a change that rolls back leaves no entry and a committed change always has one. Changes made in SQL directly do not
-- pass through didpool and are not recorded.
CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the tenant whose data changed; null for a change of no tenant's data (a trunk's limits)
    tenant_id   UUID REFERENCES tenants (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the acting API key (its id and its name then), or null and 'admin' for the admin token
    key_id      UUID,
    key_name    VARCHAR(64) NOT NULL,
    entity      VARCHAR(16) NOT NULL,
    entity_id   VARCHAR(255),
    action      VARCHAR(32) NOT NULL,
    before      JSONB,
    after       JSONB
);

CREATE INDEX idx_audit_log_tenant ON audit_log (tenant_id, at DESC, id DESC);
CREATE INDEX idx_audit_log_entity ON audit_log (tenant_id, entity, entity_id, at DESC, id DESC);
-- the admin token's view: every tenant's entries and the admin's own, newest first
CREATE INDEX idx_audit_log_at ON audit_log (at DESC, id DESC);
