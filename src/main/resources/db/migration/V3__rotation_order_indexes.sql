-- Rotation reads the selectable DIDs of a pool in the contract's order (lowest usage, least recently used with
-- never-used first, then number). These partial indexes hold exactly that order, so an allocation reads the first
-- rows of an index instead of sorting the pool; one for a segment's pool, one for the tenant-wide pool.
CREATE INDEX idx_asterisk_dids_rotation_segment
    ON asterisk_dids (tenant_id, segment, usage_count, last_used_at NULLS FIRST, number)
    WHERE status IN ('active', 'available');

CREATE INDEX idx_asterisk_dids_rotation_tenant
    ON asterisk_dids (tenant_id, usage_count, last_used_at NULLS FIRST, number)
    WHERE status IN ('active', 'available');

-- One row per scheduled usage reset that ran, so that of several instances firing the same cron only one resets.
CREATE TABLE usage_resets (
    scheduled_for TIMESTAMPTZ PRIMARY KEY,
    ran_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
