package io.didpool.journey;

import io.didpool.api.DomainException;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.callinghours.CallingHoursJson;
import io.didpool.callinghours.CallingHoursService;
import io.didpool.did.DidRules;
import io.didpool.did.DidService;
import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rules of journeys: every reference a node saves (a DID, a segment) must resolve for the tenant when it is
 * saved (422 otherwise). Whether it is still selectable is decided when the node runs, by the allocation engine.
 */
@Service
public class JourneyService {

    /** How many of a journey's own executions in flight a refused deletion names (their count is always given). */
    private static final int NAMED_EXECUTIONS = 20;

    private final JourneyRepository journeys;
    private final ExecutionService executions;
    private final DidService dids;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final CallingHoursService callingHours;

    JourneyService(JourneyRepository journeys, ExecutionService executions, DidService dids, Audit audit,
            ApplicationEventPublisher events, CallingHoursService callingHours) {
        this.journeys = journeys;
        this.executions = executions;
        this.dids = dids;
        this.audit = audit;
        this.events = events;
        this.callingHours = callingHours;
    }

    @Transactional
    Journey create(TenantId tenant, JourneyRequests.JourneyRequest request) {
        String callbackTo = DidRules.route("callbackTo", request.callbackTo());
        List<Journey.Node> nodes = newNodes(request.nodesOrEmpty(), Set.of());
        checkReferences(tenant, nodes, i -> "nodes[" + i + "]");
        UUID id = UUID.randomUUID();
        journeys.insert(tenant, id, request.name().strip(), callbackTo);
        journeys.replaceNodes(tenant, id, nodes);
        callingHours.replaceJourney(tenant, id, request.callingHours());
        Journey created = get(tenant, id);
        audit.record(tenant, AuditEntity.JOURNEY, id, "create", null, created);
        return created;
    }

    Journey get(TenantId tenant, UUID id) {
        return journeys.find(tenant, id).orElseThrow(() -> notFound(id))
                .withCallingHours(callingHours.ofJourney(tenant, id));
    }

    JourneyPage list(TenantId tenant, JourneyRepository.JourneyFilter filter, int page, int size) {
        List<Journey> items = journeys.list(tenant, filter, page, size);
        Map<UUID, CallingHoursJson> hours = callingHours.ofJourneys(tenant, items.stream().map(Journey::id).toList());
        return new JourneyPage(items.stream().map(j -> j.withCallingHours(hours.get(j.id()))).toList(),
                journeys.count(tenant, filter), page, size);
    }

    /**
     * Replaces name, nodes, calling hours and callback route. Nodes that carry the id of one of this journey's nodes
     * keep it.
     */
    @Transactional
    Journey update(TenantId tenant, UUID id, JourneyRequests.JourneyRequest request) {
        String callbackTo = DidRules.route("callbackTo", request.callbackTo());
        // locks the journey's row first, so that the state recorded as "before" is the one this update replaces
        if (!journeys.update(tenant, id, null)) {
            throw notFound(id);
        }
        Journey before = get(tenant, id);
        journeys.replace(tenant, id, request.name().strip(), callbackTo);
        Set<UUID> existing = new HashSet<>();
        before.nodes().forEach(node -> existing.add(node.id()));
        List<Journey.Node> nodes = newNodes(request.nodesOrEmpty(), existing);
        checkReferences(tenant, nodes, i -> "nodes[" + i + "]");
        journeys.replaceNodes(tenant, id, nodes);
        callingHours.replaceJourney(tenant, id, request.callingHours());
        Journey after = get(tenant, id);
        audit.record(tenant, AuditEntity.JOURNEY, id, "update", before, after);
        return after;
    }

    /**
     * The route of a call back from a number the journey called: used by inbound routing (a campaign's own route wins
     * over it). One primary-key read; empty when the journey is gone (deleted, or another tenant's) or has none.
     */
    public Optional<String> callbackTo(TenantId tenant, UUID journeyId) {
        return journeys.callbackTo(tenant, journeyId);
    }

    /**
     * Deletes the journey, never its history: its campaigns and executions stay readable. While any of its executions
     * is queued or running it is refused (409 naming them) unless {@code cancelExecutions}: then they are cancelled
     * first as a campaign's cancel does (calls in progress finish and are recorded), its campaigns through
     * {@link JourneyDeleted}, its own executions here.
     */
    @Transactional
    void delete(TenantId tenant, UUID id, boolean cancelExecutions) {
        // first, so that no execution is queued for it from here on (queuing takes a lock this one excludes)
        if (!journeys.lockToDelete(tenant, id)) {
            throw notFound(id);
        }
        Journey before = get(tenant, id);
        List<ExecutionRepository.InFlight> inFlight = executions.inFlight(tenant, id);
        List<UUID> own = executions.ownInFlight(tenant, id);
        if (!inFlight.isEmpty() && !cancelExecutions) {
            throw new DomainException.Conflict(workInFlight(id, inFlight, own));
        }
        events.publishEvent(new JourneyDeleted(tenant, id));
        executions.cancel(own);
        callingHours.removeJourney(tenant, id);
        journeys.delete(tenant, id);
        audit.record(tenant, AuditEntity.JOURNEY, id, "delete", before, null);
    }

    /** Names the campaigns and the journey's own executions in flight (the first few of many), and the way out. */
    private static String workInFlight(UUID id, List<ExecutionRepository.InFlight> inFlight, List<UUID> own) {
        List<String> work = new ArrayList<>();
        for (ExecutionRepository.InFlight flight : inFlight) {
            String counts = flight.queued() + " queued, " + flight.running() + " running";
            if (flight.campaignId() != null) {
                work.add("campaign " + flight.campaignId() + " (" + counts + ")");
            } else {
                String named = String.join(", ", own.stream().limit(NAMED_EXECUTIONS).map(UUID::toString).toList());
                work.add("execution(s) " + named + (own.size() > NAMED_EXECUTIONS ? " and "
                        + (own.size() - NAMED_EXECUTIONS) + " more" : "") + " (" + counts + ")");
            }
        }
        return "journey " + id + " has executions queued or running: " + String.join("; ", work) + ". Wait until"
                + " they finish, or delete with ?cancelExecutions=true to cancel them first (calls in progress finish"
                + " and are recorded)";
    }

    @Transactional
    Journey.Node updateNode(TenantId tenant, UUID journeyId, UUID nodeId, JourneyRequests.NodeRequest request) {
        if (!journeys.update(tenant, journeyId, null)) {
            throw notFound(journeyId);
        }
        Journey before = get(tenant, journeyId);
        Journey.Node node = new Journey.Node(nodeId, request.type(), request.configOrEmpty());
        if (!journeys.updateNode(tenant, journeyId, node)) {
            throw new DomainException.NotFound("no node with id " + nodeId + " in journey " + journeyId);
        }
        // After the update so that an unknown node is a 404 whatever it names; a 422 rolls the update back.
        checkReferences(tenant, List.of(node), i -> "node " + nodeId);
        audit.record(tenant, AuditEntity.JOURNEY, journeyId, "update-node", before, get(tenant, journeyId));
        return node;
    }

    private static List<Journey.Node> newNodes(List<JourneyRequests.NodeRequest> requests, Set<UUID> existing) {
        List<Journey.Node> nodes = new ArrayList<>(requests.size());
        Set<UUID> kept = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            JourneyRequests.NodeRequest request = requests.get(i);
            UUID id = request.id();
            if (id == null) {
                id = UUID.randomUUID();
            } else if (!existing.contains(id)) {
                throw new DomainException.InvalidRequest("nodes[" + i + "].id: " + id + " is not a node of this journey"
                        + " (leave the id out to add a node)");
            } else if (!kept.add(id)) {
                throw new DomainException.InvalidRequest("nodes[" + i + "].id: " + id + " appears twice");
            }
            nodes.add(new Journey.Node(id, request.type(), request.configOrEmpty()));
        }
        return nodes;
    }

    /**
     * 422 listing every node whose DID or segments are not the tenant's; all are checked when several are set. A
     * node with fallback segments but no segment of its own is a 400: fallbacks are tried after its segment.
     */
    private void checkReferences(TenantId tenant, List<Journey.Node> nodes, IntFunction<String> nodeName) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeConfig config = nodes.get(i).config();
            if (config.fallbackSegments() != null && config.didSegment() == null) {
                throw new DomainException.InvalidRequest(nodeName.apply(i) + ".config.fallbackSegments: are tried"
                        + " after didSegment, which is missing; name the segment to try first");
            }
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeConfig config = nodes.get(i).config();
            if (config.didId() != null && dids.find(tenant, config.didId()).isEmpty()) {
                problems.add(nodeName.apply(i) + ": didId " + config.didId() + " is not a DID of this tenant");
            }
            if (config.didSegment() != null && !dids.hasSegment(tenant, config.didSegment())) {
                problems.add(nodeName.apply(i) + ".config.didSegment: "
                        + dids.unknownSegment(tenant, config.didSegment()));
            }
            if (config.fallbackSegments() != null) {
                for (String fallback : config.fallbackSegments()) {
                    if (!dids.hasSegment(tenant, fallback)) {
                        problems.add(nodeName.apply(i) + ".config.fallbackSegments: "
                                + dids.unknownSegment(tenant, fallback));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DomainException.UnresolvedReference(String.join("; ", problems));
        }
    }

    private static DomainException notFound(UUID id) {
        return new DomainException.NotFound("no journey with id " + id);
    }

    record JourneyPage(List<Journey> items, long total, int page, int size) {
    }
}
