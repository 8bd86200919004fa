-- Each tenant's Twilio credentials. The auth token is stored only as AES-GCM ciphertext (12-byte nonce, then the
-- ciphertext and its tag), bound to the tenant and account SID, under the key of DIDPOOL_SECRET_KEY or of the
-- data dir: a dump of this table alone reveals no token.
CREATE TABLE twilio_credentials (
    tenant_id            UUID PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    account_sid          VARCHAR(34) NOT NULL CHECK (account_sid ~ '^AC[0-9a-fA-F]{32}$'),
    auth_token_encrypted BYTEA NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
