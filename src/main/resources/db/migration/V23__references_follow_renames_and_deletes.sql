-- A segment's rename reaches the tenant's queued calls (io.didpool.dialing.QueuedCallSegments) through this small
-- index, not a scan of every call ever made.
CREATE INDEX calls_queued_tenant ON calls (tenant_id) WHERE state = 'QUEUED';
