-- A call's number (did_calls.seq) is its DID's previous call's plus one, and a batch found that one with an index probe
-- into did_calls for every call it wrote. The DID's row, which each of its calls rewrites anyway, now keeps the number
-- of its last call. Numbers go on from there after the calls themselves are pruned, which changes nothing: counts are
-- differences between numbers.
ALTER TABLE asterisk_dids ADD COLUMN last_call_seq BIGINT NOT NULL DEFAULT 0;

UPDATE asterisk_dids d
   SET last_call_seq = c.seq
  FROM (SELECT DISTINCT ON (did_id) did_id, seq FROM did_calls ORDER BY did_id, at DESC) c
 WHERE c.did_id = d.id;
