-- Trunks: the Asterisk PJSIP endpoints that DIDs name (asterisk_dids.trunk), with the limits their carrier imposes
-- and the tenants that may use them. A trunk with no row here was never configured: 1 call set-up per second (Twilio
-- Elastic SIP Trunking's default per trunk), no concurrency cap, every tenant may use it.
CREATE TABLE trunks (
    name                 VARCHAR(64) PRIMARY KEY
                         CONSTRAINT trunk_name_is_1_to_64_letters_digits_underscores_or_dashes
                         CHECK (name ~ '^[A-Za-z0-9_-]{1,64}$'),
    calls_per_second     NUMERIC(7, 3) NOT NULL
                         CONSTRAINT calls_per_second_is_between_0_1_and_1000
                         CHECK (calls_per_second BETWEEN 0.1 AND 1000),
    max_concurrent_calls INT
                         CONSTRAINT max_concurrent_calls_is_at_least_1 CHECK (max_concurrent_calls >= 1),
    -- null: every tenant may use the trunk; otherwise the tenants that may
    tenants              UUID[],
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
