-- Floors for the rotation's index scans (UsageStore.readCandidates). Every allocation writes a new entry for its DID
-- into the rotation indexes, further along their order, and leaves a dead one where the DID was; until VACUUM, a scan
-- for the least used DIDs walks over all those dead entries first, so that each batch reads more than the one before
-- (its read took 2.2 ms after a VACUUM and 3.5–5 ms twenty seconds later in bench/allocation). A batch therefore
-- starts its scans at floors that its pool's previous batch found: usage counts below which the pool, an area code or a
-- region has no DID in a selectable status (resting or at a cap included, since those come back by themselves).
-- Allocations only raise usage counts, so a floor holds until a DID is added below it some other way: an INSERT, or an
-- UPDATE that lowers a usage count or moves a DID into a pool (status, segment, number, tenant). Each transaction that
-- does so leaves its id here, and a batch uses its floors only if every transaction here was visible to the snapshot
-- they were read in: one that committed since may have added a DID below them.
CREATE TABLE did_pool_changes (
    xid XID8 PRIMARY KEY DEFAULT pg_current_xact_id()
);

-- One row per transaction, however many DIDs it changes: a bulk move of 20,000 DIDs fires the row trigger below
-- 20,000 times, and a setting local to the transaction (undone with it, or with a savepoint rolled back) spares all
-- but the first its INSERT.
CREATE FUNCTION did_pool_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('didpool.pool_changed', true) IS DISTINCT FROM 'yes' THEN
        INSERT INTO did_pool_changes DEFAULT VALUES ON CONFLICT DO NOTHING;
        PERFORM set_config('didpool.pool_changed', 'yes', true);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER did_pool_added AFTER INSERT ON asterisk_dids
    FOR EACH STATEMENT EXECUTE FUNCTION did_pool_changed();

-- An allocation's UPDATE only raises usage_count and sets the times: the condition, checked for each row without
-- calling the function, keeps it out of the allocation's write.
CREATE TRIGGER did_pool_lowered AFTER UPDATE ON asterisk_dids
    FOR EACH ROW
    WHEN (NEW.usage_count < OLD.usage_count OR NEW.status IS DISTINCT FROM OLD.status
          OR NEW.segment IS DISTINCT FROM OLD.segment OR NEW.area_code IS DISTINCT FROM OLD.area_code
          OR NEW.region IS DISTINCT FROM OLD.region OR NEW.tenant_id <> OLD.tenant_id)
    EXECUTE FUNCTION did_pool_changed();
