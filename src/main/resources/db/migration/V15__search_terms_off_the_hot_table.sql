-- The search's trigram indexes (V11) move to a table of their own. Every allocation updates its DIDs' usage, and an
-- update that changes an indexed column (usage_count, last_used_at) writes a new entry into every index of the table,
-- the two trigram indexes too: about ten trigrams each, into a GIN pending list whose periodic flush made one
-- allocation batch in a few hundred take 50-70 ms. A DID's number and friendly name change rarely; here they are
-- written only when they do.
CREATE TABLE did_search_terms (
    did_id        UUID PRIMARY KEY REFERENCES asterisk_dids (id) ON DELETE CASCADE,
    number        VARCHAR(16) NOT NULL,
    friendly_name VARCHAR(255)
);

INSERT INTO did_search_terms (did_id, number, friendly_name)
SELECT id, number, friendly_name FROM asterisk_dids;

CREATE INDEX idx_did_search_terms_number_trgm ON did_search_terms USING gin (number gin_trgm_ops);
CREATE INDEX idx_did_search_terms_friendly_name_trgm ON did_search_terms USING gin (friendly_name gin_trgm_ops);

DROP INDEX idx_asterisk_dids_number_trgm;
DROP INDEX idx_asterisk_dids_friendly_name_trgm;

-- Kept by triggers, so that DIDs inserted or renamed in SQL are found at once. Inserts once per statement (an import
-- inserts a page of a thousand DIDs in one); updates per row, and only when an UPDATE sets number or friendly_name,
-- which an allocation never does.
CREATE FUNCTION did_search_terms_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO did_search_terms (did_id, number, friendly_name)
    SELECT id, number, friendly_name FROM added;
    RETURN NULL;
END
$$;

CREATE TRIGGER did_search_terms_added AFTER INSERT ON asterisk_dids
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION did_search_terms_added();

CREATE FUNCTION did_search_terms_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE did_search_terms SET number = NEW.number, friendly_name = NEW.friendly_name WHERE did_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER did_search_terms_changed AFTER UPDATE OF number, friendly_name ON asterisk_dids
    FOR EACH ROW
    WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.friendly_name IS DISTINCT FROM NEW.friendly_name)
    EXECUTE FUNCTION did_search_terms_changed();
