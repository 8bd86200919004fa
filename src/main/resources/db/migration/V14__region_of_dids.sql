-- Local presence reads a region's first DIDs in rotation order. A region spans up to 38 area codes, and reading the
-- first rows of each of them was the largest part of a batch's read; with the region on the row and in an index, it
-- is one index scan. The region of an area code still comes from libphonenumber's geocoder (NanpGeography): the
-- service writes every area code's region into nanp_regions at each start (NanpRegions), so a newer library corrects
-- them without a migration, and a trigger derives each DID's region from its number, so a DID inserted or renumbered
-- in SQL has the right one at once.
CREATE TABLE nanp_regions (
    area_code VARCHAR(3) PRIMARY KEY,
    region    VARCHAR(2) NOT NULL
);

ALTER TABLE asterisk_dids ADD COLUMN region VARCHAR(2);

-- The area code is derived here as V10's generated column derives it: generated columns are computed after BEFORE
-- triggers, which may not read them.
CREATE FUNCTION asterisk_dids_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.region := (SELECT region FROM nanp_regions
                    WHERE area_code = CASE WHEN NEW.number ~ '^\+1[0-9]{10}$' THEN substr(NEW.number, 3, 3) END);
    RETURN NEW;
END
$$;

-- also when region itself is set: it is derived, never set by hand
CREATE TRIGGER asterisk_dids_region BEFORE INSERT OR UPDATE OF number, region ON asterisk_dids
    FOR EACH ROW EXECUTE FUNCTION asterisk_dids_region();

CREATE INDEX idx_asterisk_dids_rotation_region
    ON asterisk_dids (tenant_id, segment, region, usage_count, last_used_at NULLS FIRST, number)
    WHERE status IN ('active', 'available');
