-- Callbacks (issue 28): a call to a DID asks didpool where it goes (FastAGI) and the answer is recorded.
--
-- A route is where an inbound call goes: a number (forwarded over the called DID's trunk, with the DID as caller ID)
-- or PJSIP/<endpoint>. It ends up in a dialplan variable that Dial() reads, so it is one domain, checked here as the
-- API checks it (DidRules.ROUTE, tested against this constraint on generated cases); an operator's SQL edit is held
-- to the same rule.
CREATE DOMAIN inbound_route AS varchar(80)
    CONSTRAINT route_is_a_number_or_a_pjsip_endpoint
    CHECK (VALUE ~ '^(\+[1-9][0-9]{1,14}|PJSIP/[A-Za-z0-9_-]{1,64})$');

-- The route of a callback to a call of this journey or campaign (a campaign's wins); null: none of its own.
ALTER TABLE journeys ADD COLUMN callback_to inbound_route;
ALTER TABLE campaigns ADD COLUMN callback_to inbound_route;
-- The route of a call to a DID of the segment that is not a callback (or whose journey and campaign have none).
-- It lives with the segment's declaration, so it follows a rename and goes with a delete.
ALTER TABLE segments ADD COLUMN inbound_route inbound_route;

-- A tenant's inbound settings; no row: the defaults (no default route, 7 days, DID).
CREATE TABLE inbound_settings (
    tenant_id     UUID PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    default_route inbound_route,
    lookback_days INT         NOT NULL CHECK (lookback_days BETWEEN 1 AND 365),
    -- DID: a callback matches calls from the DID called; TENANT: calls from any of the tenant's DIDs
    match_across  VARCHAR(8)  NOT NULL CHECK (match_across IN ('DID', 'TENANT')),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every inbound call didpool was asked about, with its decision. tenant_id is null when the number called is no
-- tenant's DID (UNKNOWN_NUMBER) or several tenants' (AMBIGUOUS): such a call is the admin's to see, never a tenant's.
-- did_id, execution_id and campaign_id reference nothing on purpose: the record outlives a deleted DID or journey.
-- caller is what the far end sent, cleaned of control characters and cut to 64: it is shown, never dialled.
CREATE TABLE inbound_calls (
    id               UUID PRIMARY KEY,
    tenant_id        UUID REFERENCES tenants (id) ON DELETE CASCADE,
    at               TIMESTAMPTZ NOT NULL,
    did              VARCHAR(16) NOT NULL,
    did_id           UUID,
    segment          segment_name,
    caller           VARCHAR(64) NOT NULL,
    -- FALLBACK: didpool could not decide in time and answered nothing; the dialplan's fallback route took the call
    decision         VARCHAR(16) NOT NULL CHECK (decision IN ('CALLBACK', 'SEGMENT', 'DEFAULT', 'NO_ROUTE',
                                                              'UNKNOWN_NUMBER', 'AMBIGUOUS', 'FALLBACK')),
    reason           TEXT        NOT NULL,
    route            inbound_route,
    execution_id     UUID,
    campaign_id      UUID,
    -- Asterisk's Uniqueid of the inbound channel: how the call's outcome, read from AMI, finds its record
    channel          VARCHAR(64),
    outcome          VARCHAR(16),
    duration_seconds INT
);
-- the list, newest first, per tenant; and per DID (callbacks in the last day and 30 days), per execution, per channel
CREATE INDEX inbound_calls_by_tenant ON inbound_calls (tenant_id, at DESC, id);
CREATE INDEX inbound_calls_by_did ON inbound_calls (did_id, at) WHERE did_id IS NOT NULL;
CREATE INDEX inbound_calls_by_execution ON inbound_calls (execution_id) WHERE execution_id IS NOT NULL;
CREATE INDEX inbound_calls_by_channel ON inbound_calls (channel) WHERE channel IS NOT NULL;

-- "The last call to this number": a callback's look-back, a short backward range scan per caller. Partial on
-- claimed_at: a queued call (not yet placed) is no call the callee could be answering.
CREATE INDEX calls_by_destination ON calls (destination, claimed_at) WHERE claimed_at IS NOT NULL;

-- "Whose DID is this number": one probe per inbound call, across tenants (the unique key starts with the tenant).
CREATE INDEX asterisk_dids_by_number ON asterisk_dids (number);
