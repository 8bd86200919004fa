-- The columns V21 left: every other column that holds a segment or a trunk name is of its domain too, so that one
-- width and one rule hold wherever a name is stored (NamesCheckedByTheDatabaseTest lists them all). As in V21, nothing
-- is rewritten: each column becomes a domain over its own base type, and the domains' constraints only read the rows
-- to validate them. No row can be refused: queued calls' segments came from journey nodes, checked since V7, and the
-- copies (did_segment, did_trunk) and the trunks of the dial tables from asterisk_dids and trunks, checked since V7/V8.
--
-- calls_ready and calls_dialing, partial indexes on calls.trunk, would be built again from their definitions as
-- PostgreSQL prints them; they are dropped and built again from V9's own statements instead, as V21 did.

DROP INDEX calls_ready;
DROP INDEX calls_dialing;

ALTER TABLE calls
    ALTER COLUMN trunk TYPE trunk_name,
    ALTER COLUMN want_segment TYPE segment_name,
    ALTER COLUMN did_segment TYPE segment_name,
    ALTER COLUMN did_trunk TYPE trunk_name,
    -- a list of names: kept an array of varchar (the driver reads an array of a domain as objects, not strings),
    -- each element checked by the domain through the cast
    ADD CONSTRAINT want_fallbacks_are_segment_names
        CHECK (want_fallbacks IS NULL OR CAST(want_fallbacks AS segment_name[]) IS NOT NULL);

-- V9's statements, unchanged.
CREATE INDEX calls_ready ON calls (trunk, flow_id, ready_at, seq) WHERE state = 'QUEUED';
CREATE INDEX calls_dialing ON calls (trunk, owner) WHERE state = 'DIALING';

ALTER TABLE journey_execution_steps
    ALTER COLUMN did_segment TYPE segment_name,
    ALTER COLUMN did_trunk TYPE trunk_name;

ALTER TABLE sticky_caller_ids ALTER COLUMN segment TYPE segment_name;
ALTER TABLE trunk_pacing ALTER COLUMN trunk TYPE trunk_name;
ALTER TABLE dial_flows ALTER COLUMN trunk TYPE trunk_name;
ALTER TABLE dial_turns ALTER COLUMN trunk TYPE trunk_name;

-- a column whose type changed has no statistics until it is analysed
ANALYZE calls, journey_execution_steps, sticky_caller_ids, trunk_pacing, dial_flows, dial_turns;
