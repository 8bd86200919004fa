-- A segment's rename reaches the tenant's queued calls (io.didpool.dialing.QueuedCallSegments) through this small
-- index, not a scan of every call ever made.
CREATE INDEX calls_queued_tenant ON calls (tenant_id) WHERE state = 'QUEUED';

-- A journey's campaigns and executions are history that outlives it: deleting a journey no longer cascades to them
-- (it removed a running campaign, its executions and their call rows, calls in progress included, so that their
-- trunk's cap no longer counted them). journey_id stays as the id the journey had. The deletion itself is refused
-- while work is in flight, or cancels that work first (io.didpool.journey.JourneyService#delete).
ALTER TABLE campaigns DROP CONSTRAINT campaigns_journey_id_fkey;
ALTER TABLE journey_executions DROP CONSTRAINT journey_executions_journey_id_fkey;
