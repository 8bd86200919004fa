-- The Twilio number lifecycle (issue 30): trunks linked to their Twilio Elastic SIP Trunk, DIDs checked against the
-- account that reaches their trunk, numbers bought within a per-tenant daily limit.

-- Whether the DID's number is on the Twilio account of its trunk: one of its IncomingPhoneNumbers (ON_ACCOUNT), one of
-- its verified caller IDs (VERIFIED_CALLER_ID), or neither (NOT_ON_ACCOUNT); null: never checked. A DID NOT_ON_ACCOUNT
-- is not selectable: the rule is DidRepository.selectable, read by every statement of rotation, so that an operator's
-- edit of this column applies to the next allocation. A nullable column with no default: added without a rewrite.
-- Rotation's partial indexes stay as they are: like resting_until, ownership is read from the row the index leads to,
-- and the floors of a pool count every DID in a selectable status, checked or not (a DID that comes back to the
-- account is never below them, so no change of this column needs to be recorded in did_pool_changes).
ALTER TABLE asterisk_dids
    ADD COLUMN ownership VARCHAR(20)
        CONSTRAINT ownership_is_on_account_verified_caller_id_or_not_on_account
        CHECK (ownership IN ('ON_ACCOUNT', 'VERIFIED_CALLER_ID', 'NOT_ON_ACCOUNT')),
    ADD COLUMN ownership_checked_at TIMESTAMPTZ;

COMMENT ON COLUMN asterisk_dids.ownership IS
    'Whether the number is on the Twilio account of its trunk: ON_ACCOUNT, VERIFIED_CALLER_ID or NOT_ON_ACCOUNT (not '
    'selectable); null: never checked.';

-- A trunk's Twilio Elastic SIP Trunk (TK…) and the tenant whose stored Twilio credentials reach it: set together (the
-- API refuses one without the other); a deleted tenant leaves the SID without credentials to reach it.
ALTER TABLE trunks
    ADD COLUMN twilio_trunk_sid VARCHAR(34)
        CONSTRAINT twilio_trunk_sid_is_tk_and_32_hex CHECK (twilio_trunk_sid ~ '^TK[0-9a-f]{32}$'),
    ADD COLUMN twilio_tenant_id UUID REFERENCES tenants (id) ON DELETE SET NULL,
    ADD CONSTRAINT twilio_trunk_sid_and_tenant_together
        CHECK (twilio_trunk_sid IS NOT NULL OR twilio_tenant_id IS NULL);

-- How many numbers a tenant may buy in any rolling 24 hours, set by the admin. No row: 0, no purchase at all (buying
-- spends money: an admin allows it first).
CREATE TABLE twilio_purchase_limits (
    tenant_id          UUID        PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    purchases_per_day  INTEGER     NOT NULL CHECK (purchases_per_day BETWEEN 0 AND 1000),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every number a tenant set out to buy: reserved (counted against the limit) in the transaction that checks the
-- limit, before Twilio is asked; BOUGHT once Twilio sold it, deleted when Twilio did not. The last 24 hours of BOUGHT
-- and RESERVED rows are what the limit counts.
CREATE TABLE twilio_purchases (
    id          UUID        PRIMARY KEY,
    tenant_id   UUID        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number      VARCHAR(16) NOT NULL,
    state       VARCHAR(16) NOT NULL CHECK (state IN ('RESERVED', 'BOUGHT')),
    sid         VARCHAR(34),
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX twilio_purchases_by_tenant ON twilio_purchases (tenant_id, at);
