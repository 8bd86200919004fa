package io.didpool.journey;

import io.didpool.asterisk.CallStatus;
import io.didpool.dialing.CallEvent;
import io.didpool.dialing.DialOutcome;
import io.didpool.dialing.DialQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Moves executions along as their calls go: a step is recorded when its call gets a set-up slot, its DID when rotation
 * chose it, its outcome when the call ends; then the next node's call is queued, or the execution finishes. Every
 * handler runs inside the dial queue's transaction that records the call's event, so the two never disagree.
 *
 * <p>A contact is never called twice for one node, but by a campaign's recycle rule ({@link StepRecycling}): a call
 * that rang out or met a busy line may be tried again after a delay, as a new step of the same execution (steps are
 * numbered in the order they run, so a recycled attempt shifts the positions of the nodes after it). A call whose
 * instance died mid-way is ended as interrupted by the dial queue, and its step fails saying so.
 */
@Component
class ExecutionProgress {

    private final ExecutionRepository executions;
    private final JourneyRepository journeys;
    private final DialQueue calls;
    private final MeterRegistry meters;
    private final ObjectProvider<StepRecycling> recycling;

    ExecutionProgress(ExecutionRepository executions, JourneyRepository journeys, DialQueue calls,
            MeterRegistry meters, ObjectProvider<StepRecycling> recycling) {
        this.recycling = recycling;
        this.executions = executions;
        this.journeys = journeys;
        this.calls = calls;
        this.meters = meters;
    }

    @EventListener
    void started(CallEvent.Started event) {
        executions.markRunning(event.reference().executionId());
        executions.startStep(event.reference().executionId(), event.reference().step(), event.reference().nodeId(),
                NodeType.MAKE_CALL.name(), event.destination(), event.callId().toString(), event.attempt());
    }

    @EventListener
    void allocated(CallEvent.Allocated event) {
        executions.recordDid(event.reference().executionId(), event.reference().step(), event);
    }

    @EventListener
    void answered(CallEvent.Answered event) {
        executions.answered(event.reference().executionId(), event.reference().step(), event.channel());
    }

    @EventListener
    void ended(CallEvent.Ended event) {
        var reference = event.reference();
        Counter.builder("didpool.calls")
                .description("Calls of journey executions by outcome: a call status, NOT_PLACED (no DID), ERROR"
                        + " (refused before dialling), INTERRUPTED (its instance died) or SUPPRESSED (do-not-call list)")
                .tag("outcome", event.outcome().name())
                .register(meters)
                .increment();
        if (event.outcome() == DialOutcome.SUPPRESSED) {
            // never dialled: no step ran; the execution ends saying why
            executions.finish(reference.executionId(), ExecutionStatus.SUPPRESSED, event.reason());
            return;
        }
        executions.finishStep(reference.executionId(), reference.step(),
                event.failed() ? StepStatus.FAILED : StepStatus.COMPLETED, event.channel(), callStatus(event),
                event.failed() ? event.reason() : null, event.attempts());
        ExecutionRepository.Header execution = executions.header(reference.executionId()).orElse(null);
        if (execution == null) {
            return;
        }
        List<Journey.Node> nodes = journeys.nodes(execution.tenant(), List.of(execution.journeyId()))
                .getOrDefault(execution.journeyId(), List.of());
        int node = indexOf(nodes, reference.nodeId());
        if (event.failed()) {
            executions.finish(execution.id(), ExecutionStatus.FAILED, "node " + (node < 0 ? reference.step() : node)
                    + " (" + NodeType.MAKE_CALL + ") failed: " + event.reason());
            return;
        }
        // the next step's position: steps are numbered in the order they run, a recycled attempt included
        int position = reference.step() + 1;
        Optional<Duration> again = node < 0 ? Optional.empty() : recycled(execution, event);
        if (again.isPresent()) {
            calls.enqueueAfter(List.of(ExecutionService.callOf(execution.tenant(), execution.journeyId(),
                    execution.campaignId(), execution.id(), position, nodes.get(node), execution.contactNumber())),
                    again.get());
            return;
        }
        // a node no longer in the journey (edited meanwhile): the step's position stands for it, as before recycling
        int next = (node < 0 ? reference.step() : node) + 1;
        if (next < nodes.size()) {
            calls.enqueue(List.of(ExecutionService.callOf(execution.tenant(), execution.journeyId(),
                    execution.campaignId(), execution.id(),
                    position, nodes.get(next), execution.contactNumber())));
        } else {
            executions.finish(execution.id(), ExecutionStatus.COMPLETED, null);
        }
    }

    /**
     * The delay after which a campaign's contact is called again for the node its call just served, when a recycle
     * rule of the campaign applies to how the call ended (no answer, busy); empty otherwise.
     */
    private Optional<Duration> recycled(ExecutionRepository.Header execution, CallEvent.Ended event) {
        StepRecycling rules = recycling.getIfAvailable();
        if (rules == null || execution.campaignId() == null
                || (event.outcome() != DialOutcome.NO_ANSWER && event.outcome() != DialOutcome.BUSY)) {
            return Optional.empty();
        }
        return rules.retryAfter(execution.tenant(), execution.campaignId(), event.outcome(),
                executions.stepsOfNode(execution.id(), event.reference().nodeId()));
    }

    private static int indexOf(List<Journey.Node> nodes, java.util.UUID nodeId) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id().equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    /** The step's outcome is what Asterisk said of the call; none when no call was placed or its end is unknown. */
    private static String callStatus(CallEvent.Ended event) {
        return event.outcome().callStatus().map(CallStatus::name).orElse(null);
    }
}
