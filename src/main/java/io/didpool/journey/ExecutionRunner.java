package io.didpool.journey;

import io.didpool.allocation.Allocation;
import io.didpool.allocation.AllocationRequest;
import io.didpool.allocation.AllocationService;
import io.didpool.api.DomainException;
import io.didpool.asterisk.CallOutcome;
import io.didpool.asterisk.CallStatus;
import io.didpool.asterisk.Dialer;
import io.didpool.asterisk.OutboundCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one execution: its journey's nodes in order, each recorded as a step. A node that fails ends the execution
 * (FAILED); the nodes after it do not run.
 *
 * <p>A contact is never called twice for one node. A run revived after its instance died skips the steps already
 * finished, and a step that was RUNNING then (its call may have been placed) is failed as interrupted rather than
 * dialled again.
 */
@Component
class ExecutionRunner {

    private static final Logger log = LoggerFactory.getLogger(ExecutionRunner.class);
    static final String INTERRUPTED = "interrupted: the instance running this step stopped before its outcome was"
            + " recorded; not retried, so that the contact is never called twice";

    private final ExecutionRepository executions;
    private final JourneyRepository journeys;
    private final AllocationService allocations;
    private final Dialer dialer;
    private final MeterRegistry meters;

    ExecutionRunner(ExecutionRepository executions, JourneyRepository journeys, AllocationService allocations,
            Dialer dialer, MeterRegistry meters) {
        this.executions = executions;
        this.journeys = journeys;
        this.allocations = allocations;
        this.dialer = dialer;
        this.meters = meters;
    }

    void run(UUID executionId, String worker) {
        ExecutionRepository.Started execution = executions.start(executionId, worker).orElse(null);
        if (execution == null) {
            return;
        }
        List<Journey.Node> nodes = journeys.nodes(execution.tenant(), List.of(execution.journeyId()))
                .getOrDefault(execution.journeyId(), List.of());
        Map<Integer, StepStatus> recorded = execution.attempt() > 1 ? executions.stepStatuses(executionId) : Map.of();
        for (int position = 0; position < nodes.size(); position++) {
            StepStatus previous = recorded.get(position);
            if (previous == StepStatus.COMPLETED) {
                continue;
            }
            String error;
            if (previous == StepStatus.RUNNING) {
                executions.finishStep(executionId, position, StepStatus.FAILED, null, null, INTERRUPTED);
                error = INTERRUPTED;
            } else if (previous == StepStatus.FAILED) {
                error = "the step failed before the run was interrupted (see the step)";
            } else {
                error = runNode(execution, position, nodes.get(position));
            }
            if (error != null) {
                executions.finish(executionId, ExecutionStatus.FAILED, "node " + position + " ("
                        + nodes.get(position).type() + ") failed: " + error);
                return;
            }
        }
        executions.finish(executionId, ExecutionStatus.COMPLETED, null);
    }

    /** Runs one node and records its step; answers the reason it failed, or null. */
    private String runNode(ExecutionRepository.Started execution, int position, Journey.Node node) {
        return switch (NodeType.valueOf(node.type())) {
            case MAKE_CALL -> makeCall(execution, position, node);
        };
    }

    /**
     * Allocates by the node's priority (didId, then didSegment and its fallbackSegments, then default rotation) for
     * the contact's number and dials with exactly that DID, then reports the call's outcome for the DID's health.
     * When the allocation is refused (DID gone or not selectable, nothing usable in the segments) the step fails with
     * the allocation's reason: never falls back to another number than the rules allow.
     */
    private String makeCall(ExecutionRepository.Started execution, int position, Journey.Node node) {
        UUID executionId = execution.id();
        NodeConfig config = node.config();
        String callId = UUID.randomUUID().toString();
        executions.startStep(executionId, position, node, execution.contactNumber(), callId);
        Allocation allocation;
        try {
            allocation = allocations.allocate(execution.tenant(), new AllocationRequest(config.didId(),
                    config.didSegment(), execution.contactNumber(), config.fallbackSegments()));
        } catch (DomainException.NotFound | DomainException.Conflict e) {
            return failed(executionId, position, e.getMessage(), "NOT_PLACED");
        }
        executions.recordDid(executionId, position, allocation);
        CallOutcome outcome;
        try {
            outcome = dialer.call(new OutboundCall(callId, execution.contactNumber(), allocation.did().number(),
                    allocation.did().trunk(), config.audioFile(), config.transferNumber()));
        } catch (IllegalArgumentException e) {
            return failed(executionId, position, "the call was refused before dialling: " + e.getMessage(), "ERROR");
        } catch (RuntimeException e) {
            log.error("Dialer failed for call {} of execution {}", callId, executionId, e);
            return failed(executionId, position, "the dialer failed unexpectedly; it has been logged", "ERROR");
        }
        countCall(outcome.status().name());
        try {
            allocations.recordOutcome(execution.tenant(), allocation.did().id(), outcome.status());
        } catch (RuntimeException e) {
            // the call happened whatever its DID's health statistics say: the step keeps its outcome
            log.warn("Could not record the outcome of call {} for DID {}", callId, allocation.did().number(), e);
        }
        if (outcome.status() == CallStatus.FAILED) {
            executions.finishStep(executionId, position, StepStatus.FAILED, outcome.channel(), outcome.status().name(),
                    outcome.reason());
            return outcome.reason();
        }
        executions.finishStep(executionId, position, StepStatus.COMPLETED, outcome.channel(), outcome.status().name(),
                null);
        return null;
    }

    private String failed(UUID executionId, int position, String reason, String outcome) {
        countCall(outcome);
        executions.finishStep(executionId, position, StepStatus.FAILED, null, null, reason);
        return reason;
    }

    /** Outcomes of MAKE_CALL steps: a {@link CallStatus}, NOT_PLACED (no DID allocated) or ERROR (dialer threw). */
    private void countCall(String outcome) {
        Counter.builder("didpool.calls")
                .description("Outbound calls of journey executions, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
