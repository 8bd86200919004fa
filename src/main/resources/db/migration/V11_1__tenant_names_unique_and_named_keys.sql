-- Tenant names become unique (the admin API answers 409 to a second "acme"), and a tenant gets several named API keys,
-- each read-write or read-only, each revocable on its own.
--
-- Tenants that already share a name are reported (which names, their ids, the SQL that renames one) and the migration
-- is refused; PostgreSQL runs it in one transaction, so the database is left as it was: rename them and start again.

DO $$
DECLARE
    found    BIGINT;
    examples TEXT;
BEGIN
    SELECT count(*),
           string_agg(format('%L (tenants %s)', name, ids), '; ' ORDER BY name) FILTER (WHERE example <= 5)
      INTO found, examples
      FROM (SELECT name, string_agg(id::text, ', ' ORDER BY created_at, id) AS ids,
                   row_number() OVER (ORDER BY name) AS example
              FROM tenants GROUP BY name HAVING count(*) > 1) duplicates;
    IF found > 0 THEN
        RAISE EXCEPTION USING
            ERRCODE = 'unique_violation',
            MESSAGE = format('tenant names must be unique from this version on, and %s name(s) are shared by several'
                || ' tenants; nothing was changed: %s', found, examples),
            HINT = 'Rename all but one tenant of each name, e.g.'
                || E'\n  UPDATE tenants SET name = name || ''-2'' WHERE id = ''<the id of one of them>'';'
                || E'\nEvery shared name: SELECT name, id, created_at FROM tenants WHERE name IN'
                || ' (SELECT name FROM tenants GROUP BY name HAVING count(*) > 1) ORDER BY name, created_at;'
                || E'\nthen start didpool again.';
    END IF;
END
$$;

ALTER TABLE tenants ADD CONSTRAINT tenant_names_are_unique UNIQUE (name);

-- The key a tenant was created with is named "default"; any other key of a tenant gets "default-2", "default-3", …
ALTER TABLE api_keys
    ADD COLUMN name VARCHAR(64),
    ADD COLUMN read_only BOOLEAN NOT NULL DEFAULT false;
UPDATE api_keys k
   SET name = CASE WHEN n.rank = 1 THEN 'default' ELSE 'default-' || n.rank END
  FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY created_at, id) AS rank FROM api_keys) n
 WHERE k.id = n.id;
ALTER TABLE api_keys ALTER COLUMN name SET NOT NULL;

-- Two keys of a tenant in use at once never share a name, so that the audit trail's key names say which it was.
CREATE UNIQUE INDEX uq_api_keys_tenant_name_in_use ON api_keys (tenant_id, name) WHERE revoked_at IS NULL;
