-- The database enforces the API's rules for names, because operators edit DIDs in SQL too: a segment the column took
-- but the API refuses ('Region-US') was listed by /segments and then refused by every path that names a segment, so
-- nothing in the API could reach those DIDs again. Each constraint is named after its rule, so that PostgreSQL's own
-- error ("violates check constraint "segment_is_lowercase_letters_digits_dot_underscore_dash"") tells the operator
-- what is wrong; the comments give the rule in full.
--
-- Rows that already break a rule are reported (how many, a few examples, the SQL that fixes them) and the migration
-- is refused. PostgreSQL runs DDL in the migration's transaction, so a refused migration leaves the database as it
-- was: fix the rows, start didpool again, and the migration runs again.
--
-- About V2: its header calls it the seed's segmentation migration "exactly as it was shipped". It is the seed's
-- migration adapted to this schema's column names (tenant_id where the seed's index names "tenantId"; the seed's
-- camelCase names and these columns are listed in README.md, "Monitoring usage in SQL"). V2 itself cannot be
-- corrected: Flyway checksums every applied migration and refuses to start on a database whose V2 differs.

DO $$
DECLARE
    segment_rule CONSTANT TEXT := '^[a-z0-9][a-z0-9._-]{0,62}$';
    trunk_rule   CONSTANT TEXT := '^[A-Za-z0-9_-]{1,64}$';
    found    BIGINT;
    examples TEXT;
    report   TEXT := '';
    hint     TEXT := '';
BEGIN
    SELECT count(*),
           string_agg(format('tenant %s, number %s, segment %L', tenant_id, number, segment), '; ' ORDER BY example)
               FILTER (WHERE example <= 5)
      INTO found, examples
      FROM (SELECT tenant_id, number, segment, row_number() OVER (ORDER BY tenant_id, number) AS example
              FROM asterisk_dids WHERE segment !~ segment_rule) bad;
    IF found > 0 THEN
        report := report || format(E'\n- %s DID(s) with a segment the API refuses, e.g. %s', found, examples);
    END IF;

    SELECT count(*),
           string_agg(format('tenant %s, journey %s, node %s, didSegment %L', tenant_id, journey_id, id, did_segment),
                      '; ' ORDER BY example) FILTER (WHERE example <= 5)
      INTO found, examples
      FROM (SELECT tenant_id, journey_id, id, did_segment,
                   row_number() OVER (ORDER BY tenant_id, journey_id, position) AS example
              FROM journey_nodes WHERE did_segment !~ segment_rule) bad;
    IF found > 0 THEN
        report := report || format(E'\n- %s journey node(s) naming a segment the API refuses, e.g. %s', found, examples);
    END IF;

    IF report <> '' THEN
        hint := hint
            || E'\nA segment is 1 to 63 lowercase letters, digits, ''.'', ''_'' and ''-'', starting with a letter or a'
            || ' digit. Rename it in the DIDs and in the journeys that name it, e.g. to lowercase:'
            || format(E'\n  UPDATE asterisk_dids SET segment = lower(segment) WHERE segment !~ %L;', segment_rule)
            || format(E'\n  UPDATE journey_nodes SET did_segment = lower(did_segment) WHERE did_segment !~ %L;',
                      segment_rule)
            || E'\nor, for a name that lowercasing does not fix, to a name of your choice:'
            || E'\n  UPDATE asterisk_dids SET segment = ''twilio-main'' WHERE segment = ''Twilio Main'';'
            || E'\n  UPDATE journey_nodes SET did_segment = ''twilio-main'' WHERE did_segment = ''Twilio Main'';';
    END IF;

    SELECT count(*),
           string_agg(format('tenant %s, number %s, trunk %L', tenant_id, number, trunk), '; ' ORDER BY example)
               FILTER (WHERE example <= 5)
      INTO found, examples
      FROM (SELECT tenant_id, number, trunk, row_number() OVER (ORDER BY tenant_id, number) AS example
              FROM asterisk_dids WHERE trunk !~ trunk_rule) bad;
    IF found > 0 THEN
        report := report || format(E'\n- %s DID(s) with a trunk the API refuses, e.g. %s', found, examples);
        hint := hint
            || E'\nA trunk is the name of an Asterisk PJSIP endpoint: 1 to 64 letters, digits, ''_'' and ''-''.'
            || ' Set each DID''s trunk to its endpoint''s name, e.g.:'
            || E'\n  UPDATE asterisk_dids SET trunk = ''TWILIO'' WHERE trunk = ''Twilio Main'';'
            || format(E'\nEvery such DID: SELECT tenant_id, number, trunk FROM asterisk_dids WHERE trunk !~ %L;',
                      trunk_rule);
    END IF;

    IF report <> '' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = 'rows break the naming rules of the API, which the database enforces from this version on;'
                || ' nothing was changed:' || report,
            HINT = 'Fix these rows in SQL, then start didpool again.' || hint;
    END IF;
END
$$;

-- V1's checks had names PostgreSQL made up; these say the rule.
ALTER TABLE asterisk_dids RENAME CONSTRAINT asterisk_dids_status_check
    TO status_is_active_available_inactive_quarantined_or_released;
ALTER TABLE asterisk_dids RENAME CONSTRAINT asterisk_dids_usage_count_check TO usage_count_is_not_negative;

ALTER TABLE asterisk_dids
    ADD CONSTRAINT segment_is_lowercase_letters_digits_dot_underscore_dash
        CHECK (segment ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    ADD CONSTRAINT trunk_is_letters_digits_underscore_dash
        CHECK (trunk ~ '^[A-Za-z0-9_-]{1,64}$');

ALTER TABLE journey_nodes
    ADD CONSTRAINT did_segment_is_lowercase_letters_digits_dot_underscore_dash
        CHECK (did_segment ~ '^[a-z0-9][a-z0-9._-]{0,62}$');

COMMENT ON CONSTRAINT status_is_active_available_inactive_quarantined_or_released ON asterisk_dids IS
    'A DID''s status is one of active, available (both selectable), inactive, quarantined, released.';
COMMENT ON CONSTRAINT usage_count_is_not_negative ON asterisk_dids IS
    'A DID''s usage count is 0 or more; reset it with POST /api/asterisk-dids/usage/reset or SET usage_count = 0.';
COMMENT ON CONSTRAINT segment_is_lowercase_letters_digits_dot_underscore_dash ON asterisk_dids IS
    'A segment is null (no segment) or 1 to 63 lowercase letters, digits, dots, underscores and dashes, starting with '
    'a letter or a digit: the names the API accepts (e.g. twilio-main).';
COMMENT ON CONSTRAINT trunk_is_letters_digits_underscore_dash ON asterisk_dids IS
    'A trunk is the name of an Asterisk PJSIP endpoint: 1 to 64 letters, digits, underscores and dashes (e.g. TWILIO).';
COMMENT ON CONSTRAINT did_segment_is_lowercase_letters_digits_dot_underscore_dash ON journey_nodes IS
    'A MAKE_CALL node''s segment is null or a segment name as on asterisk_dids: 1 to 63 lowercase letters, digits, '
    'dots, underscores and dashes, starting with a letter or a digit.';
