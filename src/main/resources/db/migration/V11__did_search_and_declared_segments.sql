-- Operating tens of thousands of DIDs: search by part of a number or of a friendly name, segments that exist before
-- they hold a DID, and the Twilio account each imported number came from.

-- "q" on the DID list is a case-insensitive substring search (ILIKE '%…%'), which a b-tree cannot serve. Trigram GIN
-- indexes can, so a search answers from the index at 50,000 DIDs. pg_trgm ships with PostgreSQL (contrib) and is a
-- trusted extension since PostgreSQL 13: the owner of the database may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX idx_asterisk_dids_number_trgm ON asterisk_dids USING gin (number gin_trgm_ops);
CREATE INDEX idx_asterisk_dids_friendly_name_trgm ON asterisk_dids USING gin (friendly_name gin_trgm_ops);

-- The Twilio account (AC…) a number was imported from, so that a re-sync reports only that account's numbers as no
-- longer listed, whatever other account the tenant imported from before. Null: created by hand or by CSV, or imported
-- before this version (a re-sync treats those as its own and fills the column in).
ALTER TABLE asterisk_dids ADD COLUMN provider_account VARCHAR(64);

-- Declared segments: a name (and a description) that exists before any DID is in it, so that a journey may name it.
-- A segment that holds DIDs exists whether it is declared or not; declaring it only adds its description.
CREATE TABLE segments (
    tenant_id   UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        VARCHAR(63) NOT NULL
                CONSTRAINT segment_name_is_lowercase_letters_digits_dot_underscore_dash
                CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    description VARCHAR(1000),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name)
);

COMMENT ON CONSTRAINT segment_name_is_lowercase_letters_digits_dot_underscore_dash ON segments IS
    'A segment name is 1 to 63 lowercase letters, digits, dots, underscores and dashes, starting with a letter or a '
    'digit, as on asterisk_dids.segment.';
