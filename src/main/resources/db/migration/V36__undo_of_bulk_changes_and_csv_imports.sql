-- Undo of a bulk change or a CSV import (POST /api/audit/{entryId}/undo).

-- The entry that undid this one: a second undo is refused. The undo locks the entry's row first, so that two undos of
-- one entry at once (on two instances) run one after the other and the second finds it undone.
ALTER TABLE audit_log ADD COLUMN undone_by BIGINT REFERENCES audit_log (id) ON DELETE SET NULL;

-- What a bulk change or a CSV import did to each DID it changed or created, so that its undo restores exactly those
-- DIDs: one row per statement of the change (a bulk change: one; a CSV import: one per 5,000 rows), each DID one
-- element of the arrays, in the same position in each. Arrays rather than a row per DID: 100,000 DIDs make one row of
-- a few MB that PostgreSQL compresses (TOAST), where rows would take about 15 MB. A field the change did not set is
-- null before and after (a null element costs one bit); for a DID the import created, the before values are null.
-- Written in the transaction of the change, linked to its audit entry (audit_id) before it commits; deleted by the
-- undo, which needs it no more. Owned by io.didpool.did.DidChangeLog.
CREATE TABLE did_changes (
    change_id        UUID    NOT NULL,
    chunk            INT     NOT NULL,
    tenant_id        UUID    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    audit_id         BIGINT  REFERENCES audit_log (id) ON DELETE CASCADE,
    did_ids          UUID[]  NOT NULL,
    numbers          VARCHAR[] NOT NULL,
    created          BOOLEAN[] NOT NULL,
    segments_before  VARCHAR[] NOT NULL,
    segments_after   VARCHAR[] NOT NULL,
    trunks_before    VARCHAR[] NOT NULL,
    trunks_after     VARCHAR[] NOT NULL,
    statuses_before  VARCHAR[] NOT NULL,
    statuses_after   VARCHAR[] NOT NULL,
    names_before     VARCHAR[] NOT NULL,
    names_after      VARCHAR[] NOT NULL,
    PRIMARY KEY (change_id, chunk)
);

CREATE INDEX idx_did_changes_audit ON did_changes (audit_id);
