-- A call asks rotation for its segment, then for these in order (a MAKE_CALL node's fallbackSegments).
ALTER TABLE calls ADD COLUMN want_fallbacks VARCHAR(255)[];
