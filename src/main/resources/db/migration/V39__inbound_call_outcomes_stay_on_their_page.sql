-- Every inbound call record is written twice: inserted with its decision, then updated once with its outcome when
-- the call ends (InboundRecorder). In packed pages (fillfactor 100) that update finds no room beside its row, moves
-- it to another page and writes a new entry into each of the table's ten indexes: in bench/inbound the update cost
-- PostgreSQL almost what the insert did (279 against 341 µs, pg_stat_statements). Room kept in each page lets it be
-- a HOT update, which touches no index: outcome and duration_seconds are in none of them, nor in any index's WHERE.
-- Pages written from now on keep the room; the records already written are not rewritten.
ALTER TABLE inbound_calls SET (fillfactor = 70);
