-- A destination's sticky choice is rewritten at each of its calls, a third of a batch's writes in the policy benchmark.
-- The BRIN index on `at`, there only for the pruning, made every rewrite a new row version with a new primary-key
-- entry: before PostgreSQL 16 an update of any indexed column, even a BRIN index's, is never heap-only (HOT). Without
-- it, and with room kept on each page, a rewrite stays on its page and writes no index entry, and the primary key that
-- every batch probes keeps no dead entries. Its pruning (choices older than a year) now runs once a day and scans the
-- table.
DROP INDEX idx_sticky_caller_ids_at;
ALTER TABLE sticky_caller_ids SET (fillfactor = 70);
