-- Trunk names become unique regardless of case: 'priv' and 'PRIV' were two trunks, each with its own limits and
-- tenants, which an operator reading Asterisk's configuration or the admin API cannot tell apart. A name keeps the
-- case it was given; the admin API answers 409 naming the trunk that has the name in another case. A trunk name is
-- ASCII letters, digits, '_' and '-' (the trunk_name domain), so lower() folds every case the same way.
--
-- DIDs, calls and the dial tables still name a trunk exactly as written (Asterisk's endpoint names are
-- case-sensitive); nothing here changes them.
--
-- Configured trunks whose names differ only by case are reported (which, with their limits) and the migration is
-- refused; PostgreSQL runs it in one transaction, so the database is left as it was: remove or rename all but one of
-- each, and start didpool again.

DO $$
DECLARE
    found    BIGINT;
    examples TEXT;
BEGIN
    SELECT count(*),
           string_agg(names, '; ' ORDER BY folded) FILTER (WHERE example <= 5)
      INTO found, examples
      FROM (SELECT lower(name) AS folded,
                   string_agg(format('%L (%s calls/s, cap %s, tenants %s)', name, calls_per_second,
                                     coalesce(max_concurrent_calls::text, 'none'),
                                     coalesce(array_to_string(tenants, ', '), 'all')),
                              ', ' ORDER BY name COLLATE "C") AS names,
                   row_number() OVER (ORDER BY lower(name)) AS example
              FROM trunks GROUP BY lower(name) HAVING count(*) > 1) duplicates;
    IF found > 0 THEN
        RAISE EXCEPTION USING
            ERRCODE = 'unique_violation',
            MESSAGE = format('trunk names must be unique regardless of case from this version on, and %s name(s)'
                || ' are configured in several cases; nothing was changed: %s', found, examples),
            HINT = 'Keep one configuration of each name: delete the others (DIDs that name a deleted spelling then'
                || ' get the defaults of a trunk never configured: 1 call/s, no cap, every tenant), e.g.'
                || E'\n  DELETE FROM trunks WHERE name = ''<the spelling Asterisk does not use>'';'
                || E'\nEvery such trunk: SELECT name, calls_per_second, max_concurrent_calls, tenants FROM trunks'
                || ' WHERE lower(name) IN (SELECT lower(name) FROM trunks GROUP BY 1 HAVING count(*) > 1) ORDER BY 1;'
                || E'\nthen start didpool again.';
    END IF;
END
$$;

CREATE UNIQUE INDEX trunk_names_are_unique_regardless_of_case ON trunks (lower(name));
