package io.didpool.allocation;

import io.didpool.api.DomainException;
import io.didpool.asterisk.CallStatus;
import io.didpool.did.DidService;
import io.didpool.did.SegmentPolicy;
import io.didpool.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Chooses the DID of a call and counts its use, exactly and fairly, whatever the concurrency and however many
 * instances share the database: the module's entry point.
 *
 * <p>Priority: a named DID ({@link SelectedBy#DID_ID}, {@link PinnedAllocation}), else the next DID of a segment and
 * of its fallback segments ({@link SelectedBy#SEGMENT}), else the next of all the tenant's selectable DIDs
 * ({@link SelectedBy#DEFAULT}); "next" is {@link LeastUsedRotation} under the segment's {@link SegmentPolicy}. Two
 * entry paths, one per transaction contract: {@link #allocate} in a transaction of its own, batched with concurrent
 * requests of the pool ({@link BatchedAllocation}), and {@link #allocateNow} in the caller's
 * ({@link InTransactionAllocation}); both run a batch as {@link PoolBatch} does.
 */
@Service
public class AllocationService {

    private final BatchedAllocation batched;
    private final InTransactionAllocation inTransaction;
    private final PinnedAllocation pinned;
    private final NextDid next;
    private final DidHealth health;
    private final UsageReports reports;
    private final UseGiveBack giveBacks;
    private final MeterRegistry meters;
    private final DidService dids;
    private final Map<SelectedBy, Counter> counters = new ConcurrentHashMap<>();

    AllocationService(BatchedAllocation batched, InTransactionAllocation inTransaction, PinnedAllocation pinned,
            NextDid next, DidHealth health, UsageReports reports, UseGiveBack giveBacks, MeterRegistry meters, DidService dids) {
        this.dids = dids;
        this.batched = batched;
        this.inTransaction = inTransaction;
        this.pinned = pinned;
        this.next = next;
        this.health = health;
        this.reports = reports;
        this.giveBacks = giveBacks;
        this.meters = meters;
    }

    /**
     * Takes a DID by the priority of the contract and counts its use, in a transaction of its own.
     *
     * @throws io.didpool.api.DomainException.NotFound for a pinned DID the tenant does not have
     * @throws DidNotSelectableException               for a pinned DID that may not be used now
     * @throws NothingSelectableException              when no pool tried has a usable DID
     * @throws AllocationTimeoutException              when the database did not answer in time (nothing counted)
     */
    public Allocation allocate(TenantId tenant, AllocationRequest request) {
        if (request.didId() != null) {
            return counted(pinned.inOwnTransaction(tenant, request.didId(), request.destination()));
        }
        checkFallbacks(request);
        List<NothingSelectableException.Refusal> refusals = new ArrayList<>();
        for (AttemptOrder order = new AttemptOrder(request); order.hasCurrent(); ) {
            AllocationRequest.Attempt attempt = order.current();
            Pool pool = new Pool(tenant, attempt.segment());
            Outcome outcome = batched.allocate(pool, request.destination(), attempt.reach());
            if (outcome.did() != null) {
                return counted(outcome.allocation(pool));
            }
            if (!outcome.passedOn()) {
                refusals.add(new NothingSelectableException.Refusal(attempt.segment(), outcome.refused()));
            }
            order.next(outcome.passedOn());
        }
        throw unknownSegment(tenant, request, refusals).orElseGet(() -> new NothingSelectableException(refusals));
    }

    /**
     * When nothing was found and a segment tried has no DID at all: a segment the tenant does not have is a reference
     * that does not resolve (422, "did you mean"), not an empty pool (409). Asked only then, so that an allocation
     * that finds a DID reads nothing more.
     */
    private Optional<DomainException> unknownSegment(TenantId tenant, AllocationRequest request,
            List<NothingSelectableException.Refusal> refusals) {
        if (refusals.stream().noneMatch(r -> r.segment() != null && r.unusable().capped() + r.unusable().resting()
                + r.unusable().notSelectable() == 0)) {
            return Optional.empty();
        }
        return unknownSegment(tenant, request);
    }

    private Optional<DomainException> unknownSegment(TenantId tenant, AllocationRequest request) {
        if (request.segment() == null) {
            return Optional.empty();
        }
        Optional<DomainException> segment = dids.unresolvedSegment(tenant, "segment", List.of(request.segment()))
                .map(DomainException.class::cast);
        return segment.isPresent() ? segment : dids.unresolvedSegment(tenant, "fallbackSegments",
                request.fallbackSegments()).map(DomainException.class::cast);
    }

    /**
     * Allocates for every request inside the caller's transaction, so that the uses counted commit or roll back with
     * whatever the caller decides with them (a call's set-up slot). The requests of one pool are one batch, exactly
     * as concurrent {@link #allocate} calls would be; a batch that finds DIDs changed since it read them is rolled
     * back to a savepoint and run again with them locked.
     *
     * @return per request, in order: its allocation, or the refusal {@link #allocate} would have thrown
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Result> allocateNow(TenantId tenant, List<AllocationRequest> requests) {
        requests.forEach(AllocationService::checkFallbacks);
        List<Result> results = inTransaction.allocate(tenant, requests);
        results.stream().filter(r -> r.allocation() != null).forEach(r -> counted(r.allocation()));
        return results;
    }

    /** What {@link #allocateNow} gives one request: an allocation, or why there is none. */
    public record Result(Allocation allocation, DomainException refusal) {
    }

    /**
     * Gives back uses counted for calls whose Originate never left (cancelled, interrupted or ended unplaced before
     * it was sent), in the caller's transaction, the one that ends the call: each DID's count falls by one per use,
     * and the use's call leaves its calls (caps, its last call and last use follow), so that usage counts only calls
     * attempted. Takes DID rows only (no pool lock), in the order of their ids: the last locks of the lock order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void giveBack(List<CountedUse> uses) {
        giveBacks.giveBack(uses);
    }

    /**
     * A use counted for a call: its DID, the time of the use (the {@code lastUsedAt} of the DID its allocation
     * answered; null when unknown: the count alone is given back) and the destination called (null when unknown).
     */
    public record CountedUse(UUID didId, Instant usedAt, String destination) {
    }

    /**
     * The DID the next rotation of this request would take and why, changing nothing; empty when no pool tried has
     * a usable DID. It takes no lock: a look only.
     */
    public Optional<Allocation> peek(TenantId tenant, AllocationRequest request) {
        checkFallbacks(request);
        // a segment the tenant does not have answers {"available":false} too: the contract fixes this look's answer
        return next.allocation(tenant, request).map(a -> new Allocation(
                dids.withCallbacks(tenant, List.of(a.did())).get(0), a.selectedBy(), a.segment(), a.match()));
    }

    /**
     * The trunk a call of this request waits on before it has a DID: that of the first selectable DID in rotation
     * order of its segment, else of its fallbacks in order, else of the tenant; empty when none has one. Caps and
     * policies are left out: the call moves to its DID's trunk if the DID it gets names another.
     */
    public Optional<String> nextTrunk(TenantId tenant, AllocationRequest request) {
        checkFallbacks(request);
        return next.trunk(tenant, request.segments());
    }

    /**
     * Records how a call placed with the DID ended, for its answer rate and health ({@link DidHealth}); a DID deleted
     * since is ignored.
     */
    public void recordOutcome(TenantId tenant, UUID didId, CallStatus status) {
        health.record(tenant, didId, status);
    }

    /** Usage per segment; 404 for a segment the tenant does not have. */
    List<UsageReports.SegmentUsage> usage(TenantId tenant, String segment) {
        List<UsageReports.SegmentUsage> usage = reports.usage(tenant, segment);
        if (segment != null && usage.isEmpty()) {
            throw dids.segmentNotFound(tenant, segment);
        }
        return usage;
    }

    List<UsageReports.SegmentHistogram> histogram(TenantId tenant, String segment, int buckets) {
        return reports.histogram(tenant, segment, buckets);
    }

    /** Resets usage; 404 for a segment the tenant does not have. */
    int resetUsage(TenantId tenant, String segment) {
        int reset = reports.resetUsage(tenant, segment);
        if (segment != null && reset == 0 && !dids.hasSegment(tenant, segment)) {
            throw dids.segmentNotFound(tenant, segment);
        }
        return reset;
    }

    /** How many pools have a dispatcher now (they exist only while requests of the pool are waiting). */
    int activePools() {
        return batched.activePools();
    }

    private static void checkFallbacks(AllocationRequest request) {
        if (request.didId() == null && request.segment() == null && !request.fallbackSegments().isEmpty()) {
            throw new DomainException.InvalidRequest("fallbackSegments: are tried after segment, which is missing;"
                    + " name the segment to try first");
        }
    }

    /**
     * Counts the allocation; the counter of each selection is built once, not on every call. No label names the
     * segment: segments are named by tenants, and a label per name would grow without bound.
     */
    private Allocation counted(Allocation allocation) {
        counters.computeIfAbsent(allocation.selectedBy(), selectedBy -> Counter.builder("didpool.allocations")
                .description("DIDs allocated to calls")
                .tag("selected_by", selectedBy.name())
                .register(meters))
                .increment();
        return allocation;
    }
}
