package io.didpool.journey;

import io.didpool.api.DomainException;
import io.didpool.dialing.CallReference;
import io.didpool.dialing.CallRequest;
import io.didpool.dialing.DialQueue;
import io.didpool.suppression.Suppression;
import io.didpool.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues executions of a tenant's journeys and shows them. An execution's first call is queued with it, in the same
 * transaction: an accepted (202) execution is never lost. The rest of its life follows its calls
 * ({@link ExecutionProgress}).
 */
@Service
public class ExecutionService {

    private final JourneyRepository journeys;
    private final ExecutionRepository executions;
    private final DialQueue calls;
    private final Suppression suppression;
    private final ObjectProvider<ExecutionCallbacks> callbacks;

    ExecutionService(JourneyRepository journeys, ExecutionRepository executions, DialQueue calls,
            Suppression suppression, ObjectProvider<ExecutionCallbacks> callbacks) {
        this.callbacks = callbacks;
        this.journeys = journeys;
        this.executions = executions;
        this.calls = calls;
        this.suppression = suppression;
    }

    public boolean journeyExists(TenantId tenant, UUID journeyId) {
        return journeys.exists(tenant, journeyId);
    }

    @Transactional
    Queued queue(TenantId tenant, UUID journeyId, String contactNumber) {
        UUID id = queueAll(tenant, journeyId, null, List.of(contactNumber)).get(0);
        return new Queued(id, executions.header(id).orElseThrow().status());
    }

    /**
     * Queues one execution of the journey per contact (a campaign's: {@code campaignId}, whose calls share their
     * tenant's turn on a trunk as one flow); answers their ids in order. 404 for a journey the tenant does not have.
     * A contact on the tenant's do-not-call list gets an execution that ends {@link ExecutionStatus#SUPPRESSED} at
     * once, saying why, and no call.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> queueAll(TenantId tenant, UUID journeyId, UUID campaignId, List<String> contacts) {
        if (!journeys.lockToQueue(tenant, journeyId)) {
            throw new DomainException.NotFound("no journey with id " + journeyId);
        }
        List<Journey.Node> nodes = journeys.nodes(tenant, List.of(journeyId)).getOrDefault(journeyId, List.of());
        UUID[] ids = new UUID[contacts.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.randomUUID();
        }
        executions.insert(tenant, journeyId, campaignId, ids, contacts.toArray(new String[0]));
        Map<Integer, String> suppressed = suppression.suppressedAmong(Collections.nCopies(ids.length, tenant),
                contacts);
        if (!suppressed.isEmpty()) {
            List<Integer> at = List.copyOf(new TreeSet<>(suppressed.keySet()));
            executions.suppress(at.stream().map(i -> ids[i]).toArray(UUID[]::new),
                    at.stream().map(i -> Suppression.why(suppressed.get(i))).toArray(String[]::new));
        }
        if (nodes.isEmpty()) {
            for (UUID id : ids) {
                executions.finish(id, ExecutionStatus.COMPLETED, null);
            }
        } else {
            List<CallRequest> first = new ArrayList<>(ids.length);
            for (int i = 0; i < ids.length; i++) {
                if (!suppressed.containsKey(i)) {
                    first.add(callOf(tenant, journeyId, campaignId, ids[i], 0, nodes.get(0), contacts.get(i)));
                }
            }
            if (!first.isEmpty()) {
                calls.enqueue(first);
            }
        }
        return List.of(ids);
    }

    /** Cancels the campaign's executions whose call has not started; calls in progress finish. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int cancelCampaign(UUID campaignId) {
        return executions.cancel(calls.cancel(campaignId));
    }

    /** The journey's executions queued or running, per campaign (null: the journey's own). */
    List<ExecutionRepository.InFlight> inFlight(TenantId tenant, UUID journeyId) {
        return executions.inFlight(tenant, journeyId);
    }

    List<UUID> ownInFlight(TenantId tenant, UUID journeyId) {
        return executions.ownInFlight(tenant, journeyId);
    }

    /**
     * Cancels those of the executions (the journey's own, of no campaign) whose call has not started, as a campaign's
     * cancel does; calls in progress finish. Answers how many were cancelled.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int cancel(List<UUID> ids) {
        return executions.cancel(calls.cancelExecutions(ids));
    }

    /** The numbers the campaign's executions call, one per distinct contact. */
    public List<String> contactNumbers(UUID campaignId) {
        return executions.contactNumbers(campaignId);
    }

    /** How many executions of the campaign are in each status (every status present, 0 when none). */
    public Map<ExecutionStatus, Long> countByStatus(UUID campaignId) {
        return executions.countByStatus(List.of(campaignId)).get(campaignId);
    }

    /** {@link #countByStatus(UUID)} of each campaign, in one statement (a page of campaigns). */
    public Map<UUID, Map<ExecutionStatus, Long>> countByStatus(List<UUID> campaignIds) {
        return executions.countByStatus(campaignIds);
    }

    /** When the campaign's last execution finished; empty when none has. One scan of its executions: ask it once. */
    public Optional<Instant> lastFinished(UUID campaignId) {
        return executions.lastFinished(campaignId);
    }

    Execution get(TenantId tenant, UUID journeyId, UUID executionId) {
        return executions.find(tenant, journeyId, executionId)
                .map(e -> withCallbacks(tenant, withWaiting(List.of(e))).get(0))
                .orElseThrow(() -> new DomainException.NotFound("no execution with id " + executionId
                        + " in journey " + journeyId));
    }

    public ExecutionPage list(TenantId tenant, UUID journeyId, UUID campaignId, ExecutionStatus status, int page,
            int size) {
        ExecutionRepository.Filter filter = new ExecutionRepository.Filter(journeyId, campaignId, status);
        return new ExecutionPage(withCallbacks(tenant, withWaiting(executions.list(tenant, filter, page, size))),
                executions.count(tenant, filter), page, size);
    }

    /** The executions, each with the step its queued call waits in, when it waits. */
    private List<Execution> withWaiting(List<Execution> page) {
        Map<UUID, DialQueue.Waiting> waiting = calls.waiting(page.stream()
                .filter(e -> e.status() == ExecutionStatus.QUEUED || e.status() == ExecutionStatus.RUNNING)
                .map(Execution::id).toList());
        return page.stream().map(e -> e.withWaiting(waiting.get(e.id()))).toList();
    }

    /**
     * The executions with their callbacks counted, in one query for the page; 0 when no feature counts them (the
     * inbound feature implements {@link ExecutionCallbacks}: this one cannot depend on it).
     */
    private List<Execution> withCallbacks(TenantId tenant, List<Execution> page) {
        ExecutionCallbacks counts = callbacks.getIfAvailable();
        if (counts == null || page.isEmpty()) {
            return page;
        }
        Map<UUID, Long> byExecution = counts.counts(tenant, page.stream().map(Execution::id).toList());
        return page.stream().map(e -> e.withCallbacks(byExecution.getOrDefault(e.id(), 0L))).toList();
    }

    /** The call a MAKE_CALL node makes to the contact. */
    static CallRequest callOf(TenantId tenant, UUID journeyId, UUID campaignId, UUID executionId, int position,
            Journey.Node node, String contact) {
        NodeConfig config = node.config();
        return new CallRequest(tenant, campaignId, journeyId, new CallReference(executionId, position, node.id()),
                contact, config.didId(), config.didSegment(), config.fallbackSegments(), config.audioFile(),
                config.transferNumber());
    }

    record Queued(UUID id, ExecutionStatus status) {
    }

    /** A page of executions, as the contract's paged lists are. */
    public record ExecutionPage(List<Execution> items, long total, int page, int size) {
    }
}
