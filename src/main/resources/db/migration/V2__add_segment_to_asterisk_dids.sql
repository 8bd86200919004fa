-- The segmentation change, exactly as it was shipped to platforms that already hold DIDs: existing rows keep
-- their data and get a null segment.
ALTER TABLE asterisk_dids ADD COLUMN IF NOT EXISTS segment VARCHAR(255);
CREATE INDEX IF NOT EXISTS idx_asterisk_dids_segment ON asterisk_dids (tenant_id, segment);
