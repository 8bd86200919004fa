-- The schema as a platform had it before segmentation: tenants, their API keys, and their DIDs with no segment.

CREATE TABLE tenants (
    id          UUID PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Keys are stored as the SHA-256 (hex) of the key: the clear key is shown once, when the tenant is created.
CREATE TABLE api_keys (
    id          UUID PRIMARY KEY,
    tenant_id   UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    key_hash    CHAR(64) NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);

CREATE TABLE asterisk_dids (
    id               UUID PRIMARY KEY,
    tenant_id        UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number           VARCHAR(16) NOT NULL,
    trunk            VARCHAR(64) NOT NULL DEFAULT 'TWILIO',
    -- Operators edit status in SQL too: the check keeps a typo from making a DID silently unselectable.
    status           VARCHAR(16) NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'available', 'inactive', 'quarantined', 'released')),
    usage_count      BIGINT NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    last_used_at     TIMESTAMPTZ,
    provider         VARCHAR(64),
    provider_sid     VARCHAR(64),
    friendly_name    VARCHAR(255),
    capability_voice BOOLEAN,
    capability_sms   BOOLEAN,
    capability_mms   BOOLEAN,
    import_source    VARCHAR(64),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_asterisk_dids_tenant_number UNIQUE (tenant_id, number)
);
