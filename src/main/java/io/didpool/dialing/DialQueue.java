package io.didpool.dialing;

import io.didpool.allocation.AllocationRequest;
import io.didpool.allocation.AllocationService;
import io.didpool.callinghours.CallingHoursChanged;
import io.didpool.dialinglimits.DialingLimitsChanged;
import io.didpool.did.Did;
import io.didpool.did.DidRules;
import io.didpool.did.DidService;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkActivity;
import io.didpool.trunk.TrunkConfigured;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable queue of calls, shared by every instance through PostgreSQL. Queuing joins the caller's transaction,
 * so that a call and whatever asked for it (an execution) commit together; every instance is told at commit
 * ({@code NOTIFY}) and the one that gets the trunk's next set-up slot dials it.
 */
@Service
public class DialQueue implements TrunkActivity {

    /**
     * Queuing this many calls at once also refreshes the planner's statistics of {@code calls}: until autovacuum
     * does (up to a minute later), a campaign of 100,000 made the claim's plans slow (bench/dialer hours).
     */
    static final int ANALYZE_AFTER = 10_000;

    private final TrunkPaces paces;
    private final DialFlows flows;
    private final CallLifecycle calls;
    private final CallReads reads;
    private final DialNotifier notifier;
    private final DidService dids;
    private final AllocationService allocations;
    private final QueuedCalls queued;
    private final CallingHoursWaits hours;

    DialQueue(TrunkPaces paces, DialFlows flows, CallLifecycle calls, CallReads reads, DialNotifier notifier,
            DidService dids, AllocationService allocations, QueuedCalls queued, CallingHoursWaits hours) {
        this.queued = queued;
        this.hours = hours;
        this.paces = paces;
        this.flows = flows;
        this.calls = calls;
        this.reads = reads;
        this.notifier = notifier;
        this.dids = dids;
        this.allocations = allocations;
    }

    /**
     * Queues the calls in the current transaction; answers their ids in order. A call outside its calling hours
     * waits for them ({@link CallingHoursWaits}); one its hours never allow ends unplaced at its first claim.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> enqueue(List<CallRequest> requests) {
        return enqueue(requests, Duration.ZERO);
    }

    /**
     * Queues the calls as {@link #enqueue(List)} does, none to start before {@code delay} from now: a campaign's
     * recycled attempts. Each waits ({@link WaitReason#RECYCLE}, or its calling hours when its window opens later
     * still) in the queue like any call, then goes through its flow's pause, its trunk's pace and cap, and the attempt
     * limit; durable as every queued call is.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> enqueueAfter(List<CallRequest> requests, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("a delay after now: " + delay);
        }
        return enqueue(requests, delay);
    }

    private List<UUID> enqueue(List<CallRequest> requests, Duration delay) {
        Map<CallerId, String> trunks = new HashMap<>();
        List<CallingHoursWaits.Wait> waits = hours.waits(requests.stream().map(CallingHoursWaits.Subject::of)
                .toList(), delay);
        List<QueuedCall> calls = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            CallRequest request = requests.get(i);
            String trunk = trunks.computeIfAbsent(new CallerId(request.tenant(), request.didId(), request.segment(),
                    request.fallbackSegments()), this::routeTrunk);
            calls.add(new QueuedCall(UUID.randomUUID(), request, trunk, waits.get(i)));
        }
        if (!calls.isEmpty()) {
            // the rows its trunks and flows need, then the calls: one statement each, whatever their number
            paces.ensure(calls);
            flows.ensure(calls);
            queued.insert(calls);
            if (calls.size() >= ANALYZE_AFTER) {
                // many rows at once: the claims' plans must not wait a minute for autovacuum to count them
                queued.analyze();
            }
            Set<String> distinct = new LinkedHashSet<>(trunks.values());
            distinct.forEach(notifier::notify);
        }
        return calls.stream().map(QueuedCall::id).toList();
    }

    /** What the executions' queued calls wait for, by execution; an execution whose call does not wait is absent. */
    public Map<UUID, Waiting> waiting(List<UUID> executions) {
        return queued.waiting(executions);
    }

    /** How many queued calls of each flow (a campaign) wait, by reason; a flow with none waiting is absent. */
    public Map<UUID, Map<WaitReason, Long>> waitingByReason(List<UUID> flows) {
        return queued.waitingByReason(flows);
    }

    /** The tenant's calling hours changed: its queued calls' windows are worked out again, at their next claim. */
    @EventListener
    void callingHoursChanged(CallingHoursChanged change) {
        queued.hoursChanged(change.tenant()).forEach(notifier::notify);
    }

    /**
     * The tenant's attempt limit changed (published after its commit): its calls waiting for the limit are asked again
     * at once, each at its trunk's next claim.
     */
    @EventListener
    @Transactional
    void dialingLimitsChanged(DialingLimitsChanged change) {
        queued.limitChanged(change.tenant()).forEach(notifier::notify);
    }

    /**
     * A queued call that waits past now: step {@code step} (node {@code nodeId}) of its execution, to
     * {@code destination}, for {@code reason}, until {@code until} on the service's clock; {@code timeZone} is the
     * zone whose calling hours it waits for (null for the attempt limit).
     */
    public record Waiting(int step, UUID nodeId, String destination, WaitReason reason, Instant until,
            String timeZone) {
    }

    /** Calls of the flow (a campaign) start no more until {@link #resume}; calls in progress go on. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void pause(UUID flow) {
        flows.pause(flow);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void resume(UUID flow) {
        flows.resume(flow);
        flows.trunksOf(flow).forEach(notifier::notify);
    }

    /** Cancels the flow's queued calls (calls in progress go on); answers the executions they served. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> cancel(UUID flow) {
        return calls.cancel(flow);
    }

    /** Cancels the executions' queued calls (calls in progress go on); answers the executions they served. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> cancelExecutions(List<UUID> executions) {
        return calls.cancelExecutions(executions);
    }

    /** New limits may free room or slots: every instance looks at the trunk again once the change commits. */
    @EventListener
    void trunkConfigured(TrunkConfigured change) {
        notifier.notify(change.name());
    }

    @Override
    public long callsInProgress(String trunk) {
        return reads.count(trunk, CallState.DIALING);
    }

    @Override
    public long queued(String trunk) {
        return reads.count(trunk, CallState.QUEUED);
    }

    public long callsInProgress(TenantId tenant, String trunk) {
        return reads.count(tenant, trunk, CallState.DIALING);
    }

    public long queued(TenantId tenant, String trunk) {
        return reads.count(tenant, trunk, CallState.QUEUED);
    }

    /** The tenant's calls in progress (DIALING, ringing included) with the DID {@code didId} on its {@code trunk}. */
    public long callsInProgressOnDid(TenantId tenant, String trunk, UUID didId) {
        return reads.dialingOnDid(tenant, trunk, didId);
    }

    /**
     * The trunk a call waits on: its pinned DID's, else the trunk of the DID its pool would give next. When the DID
     * it finally gets names another trunk, the call moves there before it is dialled.
     */
    private String routeTrunk(CallerId callerId) {
        if (callerId.didId() != null) {
            return dids.find(callerId.tenant(), callerId.didId()).map(Did::trunk).orElse(DidRules.DEFAULT_TRUNK);
        }
        return allocations.nextTrunk(callerId.tenant(), new AllocationRequest(null, callerId.segment(), null,
                        callerId.fallbacks()))
                .orElse(DidRules.DEFAULT_TRUNK);
    }

    private record CallerId(TenantId tenant, UUID didId, String segment, List<String> fallbacks) {
        CallerId {
            Objects.requireNonNull(tenant);
        }
    }
}
