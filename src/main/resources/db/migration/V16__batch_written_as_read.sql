-- A batch's write (UsageStore.countUses) writes a DID only if it is still as the batch read it. When the batch's
-- COMMIT is sent with the write in the same round trip, a DID changed meanwhile must not leave the batch committed in
-- part: the write then checks that it wrote every DID, and fails with SQLSTATE DPCHG if not, so that the COMMIT
-- behind it never runs (PostgreSQL skips the rest of a pipeline after an error). The batch then runs again, with
-- its DIDs locked first.
CREATE FUNCTION batch_written_as_read(expected INT, written BIGINT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
    IF written <> expected THEN
        RAISE EXCEPTION 'DIDs changed since the batch read them: % of % written', written, expected
            USING ERRCODE = 'DPCHG';
    END IF;
    RETURN true;
END
$$;
