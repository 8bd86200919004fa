package io.didpool.journey;

import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Queues executions of a tenant's journeys and shows them. */
@Service
class ExecutionService {

    private final JourneyRepository journeys;
    private final ExecutionRepository executions;
    private final ExecutionQueue queue;

    ExecutionService(JourneyRepository journeys, ExecutionRepository executions, ExecutionQueue queue) {
        this.journeys = journeys;
        this.executions = executions;
        this.queue = queue;
    }

    /** The execution row and its queued task commit together: an accepted (202) execution is never lost. */
    @Transactional
    Queued queue(TenantId tenant, UUID journeyId, String contactNumber) {
        if (!journeys.exists(tenant, journeyId)) {
            throw new DomainException.NotFound("no journey with id " + journeyId);
        }
        UUID id = UUID.randomUUID();
        executions.insert(tenant, id, journeyId, contactNumber);
        queue.enqueue(id);
        return new Queued(id, ExecutionStatus.QUEUED);
    }

    Execution get(TenantId tenant, UUID journeyId, UUID executionId) {
        return executions.find(tenant, journeyId, executionId)
                .orElseThrow(() -> new DomainException.NotFound("no execution with id " + executionId + " in journey "
                        + journeyId));
    }

    record Queued(UUID id, ExecutionStatus status) {
    }
}
