-- One definition per rule in SQL: a segment name and a trunk name are each a domain, checked once, that every column
-- holding such a name is declared as; a NANP number's area code is derived by one function. The Java side of each rule
-- (DidRules, Trunk.NAME, NanpGeography.areaCode) is tested against these on generated cases.
--
-- Nothing here rewrites a table: a column whose type becomes a domain over the same base type, with no constraint yet,
-- keeps its data, and the domain's constraint, added afterwards, only reads the columns to validate them. That is why
-- the width of a name is in the constraint (63 for a segment, 64 for a trunk, as in the contract), not in the base
-- type: the segment columns were varchar(255) or varchar(63), and shortening a varchar rewrites the table. No existing
-- row can be refused: every column made a domain here was checked by the same regular expression since V7, V8, V10
-- or V11, which already held a segment to 63 characters and a trunk to 64.
--
-- A plain index on such a column keeps its file. A partial one PostgreSQL always builds again, from its definition as
-- it prints it, which is not the one written: the rotation's predicates would read "ANY (ARRAY[('active'::character
-- varying)::text, ...])". So the rotation's three partial indexes on segment are dropped first and built again after,
-- from V3's, V10's and V14's own statements: the same definitions, built once (OneDefinitionPerRuleMigrationTest).

-- The constraints keep the names V7 gave them, so an operator's refused edit names the same rule as before
-- (value for domain segment_name violates check constraint
-- "segment_is_lowercase_letters_digits_dot_underscore_dash").
CREATE DOMAIN segment_name AS varchar;
CREATE DOMAIN trunk_name AS varchar;

-- PostgreSQL cannot change the type of a column named in a trigger's WHEN: V17's trigger goes and comes back as it was.
DROP TRIGGER did_pool_lowered ON asterisk_dids;
DROP INDEX idx_asterisk_dids_rotation_segment;
DROP INDEX idx_asterisk_dids_rotation_area_code;
DROP INDEX idx_asterisk_dids_rotation_region;

ALTER TABLE asterisk_dids
    DROP CONSTRAINT segment_is_lowercase_letters_digits_dot_underscore_dash,
    DROP CONSTRAINT trunk_is_letters_digits_underscore_dash,
    ALTER COLUMN segment TYPE segment_name,
    ALTER COLUMN trunk TYPE trunk_name;

ALTER TABLE journey_nodes
    DROP CONSTRAINT did_segment_is_lowercase_letters_digits_dot_underscore_dash,
    ALTER COLUMN did_segment TYPE segment_name;

ALTER TABLE segments
    DROP CONSTRAINT segment_name_is_lowercase_letters_digits_dot_underscore_dash,
    ALTER COLUMN name TYPE segment_name;

ALTER TABLE segment_policies
    DROP CONSTRAINT policy_segment_is_lowercase_letters_digits_dot_underscore_dash,
    ALTER COLUMN segment TYPE segment_name;

ALTER TABLE trunks
    DROP CONSTRAINT trunk_name_is_1_to_64_letters_digits_underscores_or_dashes,
    ALTER COLUMN name TYPE trunk_name;

CREATE TRIGGER did_pool_lowered AFTER UPDATE ON asterisk_dids
    FOR EACH ROW
    WHEN (NEW.usage_count < OLD.usage_count OR NEW.status IS DISTINCT FROM OLD.status
          OR NEW.segment IS DISTINCT FROM OLD.segment OR NEW.area_code IS DISTINCT FROM OLD.area_code
          OR NEW.region IS DISTINCT FROM OLD.region OR NEW.tenant_id <> OLD.tenant_id)
    EXECUTE FUNCTION did_pool_changed();

-- V3's, V10's and V14's statements, unchanged.
CREATE INDEX idx_asterisk_dids_rotation_segment
    ON asterisk_dids (tenant_id, segment, usage_count, last_used_at NULLS FIRST, number)
    WHERE status IN ('active', 'available');
CREATE INDEX idx_asterisk_dids_rotation_area_code
    ON asterisk_dids (tenant_id, segment, area_code, usage_count, last_used_at NULLS FIRST, number)
    WHERE status IN ('active', 'available');
CREATE INDEX idx_asterisk_dids_rotation_region
    ON asterisk_dids (tenant_id, segment, region, usage_count, last_used_at NULLS FIRST, number)
    WHERE status IN ('active', 'available');

-- DidRules.SEGMENT and Trunk.NAME; NamesCheckedByTheDatabaseTest holds the two sides equal.
ALTER DOMAIN segment_name ADD CONSTRAINT segment_is_lowercase_letters_digits_dot_underscore_dash
    CHECK (VALUE ~ '^[a-z0-9][a-z0-9._-]{0,62}$');
ALTER DOMAIN trunk_name ADD CONSTRAINT trunk_is_letters_digits_underscore_dash
    CHECK (VALUE ~ '^[A-Za-z0-9_-]{1,64}$');

-- Changing a column's type drops its statistics, and autovacuum analyzes a table again only after enough of its rows
-- change: without these, the planner would guess how many DIDs a segment holds until then.
ANALYZE asterisk_dids (segment, trunk);
ANALYZE journey_nodes (did_segment);
ANALYZE segments (name);
ANALYZE segment_policies (segment);
ANALYZE trunks (name);

COMMENT ON DOMAIN segment_name IS
    'A segment name: 1 to 63 lowercase letters, digits, dots, underscores and dashes, starting with a letter or a '
    'digit (e.g. twilio-main); null where a column allows no segment.';
COMMENT ON DOMAIN trunk_name IS
    'A trunk name, that of an Asterisk PJSIP endpoint: 1 to 64 letters, digits, underscores and dashes (e.g. TWILIO).';
COMMENT ON CONSTRAINT segment_is_lowercase_letters_digits_dot_underscore_dash ON DOMAIN segment_name IS
    'A segment is null (no segment) or 1 to 63 lowercase letters, digits, dots, underscores and dashes, starting with '
    'a letter or a digit: the names the API accepts (e.g. twilio-main).';
COMMENT ON CONSTRAINT trunk_is_letters_digits_underscore_dash ON DOMAIN trunk_name IS
    'A trunk is the name of an Asterisk PJSIP endpoint: 1 to 64 letters, digits, underscores and dashes (e.g. TWILIO).';

-- The area code of a NANP number, the three digits after +1; null for any other number. NanpGeography.areaCode is the
-- same rule in Java, tested against this function.
CREATE FUNCTION nanp_area_code(number varchar) RETURNS varchar LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN number ~ '^\+1[0-9]{10}$' THEN substr(number, 3, 3) END
$$;

-- V10's generated column and V14's trigger each derived it. A generated column's expression cannot be changed in
-- place before PostgreSQL 17 (dropping and adding the column would rewrite the table and drop its rotation index), and
-- a BEFORE trigger cannot read it, since generated columns are computed after BEFORE triggers. So the column becomes a
-- plain one, keeping its values (no rewrite), and the trigger that already derived the region from the number sets
-- both. A value set by hand is replaced by the derived one, as the region's always was.
ALTER TABLE asterisk_dids ALTER COLUMN area_code DROP EXPRESSION;

CREATE FUNCTION asterisk_dids_area_code_and_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.area_code := nanp_area_code(NEW.number);
    NEW.region := (SELECT region FROM nanp_regions WHERE area_code = NEW.area_code);
    RETURN NEW;
END
$$;

DROP TRIGGER asterisk_dids_region ON asterisk_dids;
DROP FUNCTION asterisk_dids_region();

-- also when area_code or region itself is set: they are derived, never set by hand
CREATE TRIGGER asterisk_dids_area_code_and_region BEFORE INSERT OR UPDATE OF number, area_code, region ON asterisk_dids
    FOR EACH ROW EXECUTE FUNCTION asterisk_dids_area_code_and_region();
