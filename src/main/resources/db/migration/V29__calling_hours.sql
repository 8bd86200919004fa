-- Calling hours (issue 27): when a call may start, in the callee's local time. A tenant's own hours replace didpool's
-- shipped default (which lives in the code, with the source of each rule, so that it can be corrected without a
-- migration); a journey's replace its tenant's and a campaign's its journey's. One table holds all three levels so
-- that the dialer finds the hours in force for a call with one primary-key lookup per level, in one statement.
--
-- scope_id: the tenant's own id for TENANT, the journey's or the campaign's id otherwise. It references no journeys or
-- campaigns row on purpose: the row goes with its journey when the journey is deleted (CallingHoursService is told),
-- and a campaign's stays with its campaign, which is never deleted. Everything goes with the tenant.
--
-- hours: the contract's JSON shape ({"timeZoneUnknown","days","regions","closedDates"}), validated by the API before
-- it is written and read back through the same validation; no row means "inherit".
CREATE TABLE calling_hours (
    tenant_id  UUID        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    scope      VARCHAR(8)  NOT NULL CHECK (scope IN ('TENANT', 'JOURNEY', 'CAMPAIGN')),
    scope_id   UUID        NOT NULL,
    hours      JSONB       NOT NULL CHECK (jsonb_typeof(hours) = 'object'),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, scope, scope_id),
    CHECK (scope <> 'TENANT' OR scope_id = tenant_id)
);
