package io.didpool.allocation;

import io.didpool.api.DomainException;
import io.didpool.did.Did;
import io.didpool.did.DidService;
import io.didpool.did.UsageStore;
import io.didpool.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Chooses the DID of a call and counts its use, exactly and fairly, whatever the concurrency and however many
 * instances share the database.
 *
 * <p>Priority: a named DID ({@link SelectedBy#DID_ID}), else the next DID of a segment ({@link SelectedBy#SEGMENT}),
 * else the next of all the tenant's selectable DIDs ({@link SelectedBy#DEFAULT}); "next" is {@link LeastUsedRotation}.
 * Concurrent requests of one pool are batched by a {@link PoolDispatcher}; each batch is one transaction that holds
 * the pool's advisory lock, reads the first candidates, replays the rotation and writes the counts back.
 */
@Service
public class AllocationService implements DisposableBean {

    private final AllocationRepository repository;
    private final UsageStore usage;
    private final InDoubtCommits inDoubt;
    private final DidService dids;
    private final MeterRegistry meters;
    private final AllocationProperties properties;
    private final ExecutorService dispatchers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "allocation-dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    private final PoolDispatcher.Registry pools;
    private final Map<SelectedBy, Counter> counters = new ConcurrentHashMap<>();

    AllocationService(AllocationRepository repository, UsageStore usage, InDoubtCommits inDoubt, DidService dids,
            MeterRegistry meters, AllocationProperties properties) {
        this.repository = repository;
        this.usage = usage;
        this.inDoubt = inDoubt;
        this.dids = dids;
        this.meters = meters;
        this.properties = properties;
        this.pools = new PoolDispatcher.Registry(properties.maxBatch(), dispatchers, this::allocateBatch);
    }

    /**
     * Takes a DID by the priority of the contract and counts its use.
     *
     * @throws io.didpool.api.DomainException.NotFound for a pinned DID the tenant does not have
     * @throws DidNotSelectableException               for a pinned DID that may not be used now
     * @throws NothingSelectableException              when the pool has nothing to give
     * @throws AllocationTimeoutException              when the database did not answer in time (nothing counted)
     */
    public Allocation allocate(TenantId tenant, AllocationRequest request) {
        if (request.didId() != null) {
            return inDoubt.inTransaction(counting -> pinned(tenant, request.didId(), counting));
        }
        Pool pool = new Pool(tenant, request.segment());
        Did did = awaitBatch(pool);
        if (did == null) {
            throw nothingSelectable(pool);
        }
        return rotated(pool, did);
    }

    /**
     * Allocates for every request inside the caller's transaction, so that the uses counted commit or roll back with
     * whatever the caller decides with them (a call's set-up slot). The requests of one pool are one batch, exactly
     * as concurrent {@link #allocate} calls would be; pools are locked in one order (tenant, then its tenant-wide
     * pool, then segments), so that two such transactions never wait for each other in a cycle.
     *
     * @return per request, in order: its allocation, or the refusal {@link #allocate} would have thrown
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Result> allocateNow(TenantId tenant, List<AllocationRequest> requests) {
        Result[] results = new Result[requests.size()];
        Map<Pool, List<Integer>> byPool = new TreeMap<>(Pool.LOCK_ORDER);
        for (int i = 0; i < requests.size(); i++) {
            AllocationRequest request = requests.get(i);
            if (request.didId() != null) {
                try {
                    results[i] = new Result(pinned(tenant, request.didId(), null), null);
                } catch (DomainException refused) {
                    results[i] = new Result(null, refused);
                }
            } else {
                byPool.computeIfAbsent(new Pool(tenant, request.segment()), p -> new ArrayList<>()).add(i);
            }
        }
        byPool.forEach((pool, indexes) -> {
            List<Did> taken = take(pool, indexes.size(), null);
            for (int j = 0; j < indexes.size(); j++) {
                results[indexes.get(j)] = taken.isEmpty() ? new Result(null, nothingSelectable(pool))
                        : new Result(rotated(pool, taken.get(j)), null);
            }
        });
        return List.of(results);
    }

    /** What {@link #allocateNow} gives one request: an allocation, or why there is none. */
    public record Result(Allocation allocation, DomainException refusal) {
    }

    /**
     * A pinned use, in the current transaction; {@code counting} (when the transaction is the allocation's own)
     * records it in case its COMMIT gets no answer.
     */
    private Allocation pinned(TenantId tenant, UUID didId, InDoubtCommits.Counting counting) {
        Did did = usage.countPinnedUse(tenant, didId).orElseThrow(() -> pinnedRefused(tenant, didId));
        if (counting != null) {
            counting.record(repository.transactionId(), new UUID[] {didId}, new Integer[] {1});
        }
        return counted(new Allocation(did, SelectedBy.DID_ID, did.segment(), null));
    }

    private Allocation rotated(Pool pool, Did did) {
        return counted(new Allocation(did, pool.tenantWide() ? SelectedBy.DEFAULT : SelectedBy.SEGMENT,
                did.segment(), Match.ANY));
    }

    private static NothingSelectableException nothingSelectable(Pool pool) {
        return new NothingSelectableException(pool.tenantWide()
                ? "no selectable DID: the tenant has no DID with status active or available"
                : "no selectable DID in segment " + pool.segment() + ": none has status active or available");
    }

    /** The DID the next allocation of this request would take; changes nothing. */
    public Optional<Did> peek(TenantId tenant, AllocationRequest request) {
        return usage.peek(tenant, request.segment());
    }

    List<UsageStore.SegmentUsage> usage(TenantId tenant, String segment) {
        return usage.usage(tenant, segment);
    }

    int resetUsage(TenantId tenant, String segment) {
        return usage.resetUsage(tenant, segment);
    }

    private Did awaitBatch(Pool pool) {
        PoolDispatcher.Ticket ticket = pools.submit(pool);
        long waitMillis = properties.waitMillis();
        try {
            try {
                return ticket.result.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (ticket.abandon()) {
                    throw new AllocationTimeoutException("the database did not answer within " + waitMillis
                            + " ms; nothing was counted, try again", Duration.ofSeconds(1));
                }
                // Its batch is already in the database: its outcome decides, so that no use is counted unanswered.
                return ticket.result.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while allocating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How many pools have a dispatcher now (they exist only while requests of the pool are waiting). */
    int activePools() {
        return pools.size();
    }

    /**
     * One batch: {@code k} allocations of one pool, as one transaction. Returns the DID of each allocation in order,
     * each as it was right after its own allocation; empty when the pool has nothing selectable.
     * Deadlocks with concurrent multi-row edits (imports) are retried, before the COMMIT only: a batch whose COMMIT
     * failed may have committed, and {@link InDoubtCommits} settles it.
     */
    private List<Did> allocateBatch(Pool pool, int k) {
        for (int attempt = 1; ; attempt++) {
            boolean[] committing = new boolean[1];
            try {
                return inDoubt.inTransaction(counting -> {
                    List<Did> dids = take(pool, k, counting);
                    committing[0] = true;
                    return dids;
                });
            } catch (ConcurrencyFailureException e) {
                if (attempt == 3 || committing[0]) {
                    throw e;
                }
            }
        }
    }
    /**
     * {@code k} allocations of the pool in the current transaction, under its lock; empty when it has nothing.
     * {@code counting} (when the transaction is the allocation's own) records the uses in case its COMMIT gets no
     * answer; a caller's transaction settles its own doubts.
     */
    private List<Did> take(Pool pool, int k, InDoubtCommits.Counting counting) {
        repository.lock(pool);
        LeastUsedRotation.Plan plan = LeastUsedRotation.plan(usage.lockCandidates(pool.tenant(), pool.segment(), k),
                k);
        if (plan.picks().isEmpty()) {
            return List.of();
        }
        LeastUsedRotation.Writes writes = plan.writes();
        if (counting != null) {
            counting.record(repository.transactionId(), writes.ids(), writes.uses());
        }
        return perAllocation(plan, usage.countUses(writes.ids(), writes.uses(), writes.lastPick()));
    }

    /**
     * The written rows hold each DID's state after its last pick; the i-th allocation is answered with the state
     * right after its own pick (count so far, last used at the batch's time plus i microseconds), as one-by-one
     * allocation would have shown it.
     */
    private static List<Did> perAllocation(LeastUsedRotation.Plan plan, List<Did> written) {
        Map<UUID, Did> finalState = new HashMap<>();
        written.forEach(d -> finalState.put(d.id(), d));
        Map<UUID, Integer> laterPicks = new HashMap<>();
        Map<UUID, Integer> lastPick = new HashMap<>();
        for (int i = 0; i < plan.picks().size(); i++) {
            laterPicks.merge(plan.picks().get(i), 1, Integer::sum);
            lastPick.put(plan.picks().get(i), i);
        }
        UUID any = plan.picks().get(0);
        Instant batchTime = finalState.get(any).lastUsedAt().minusNanos(lastPick.get(any) * 1000L);
        List<Did> result = new ArrayList<>(plan.picks().size());
        for (int i = 0; i < plan.picks().size(); i++) {
            UUID id = plan.picks().get(i);
            int after = laterPicks.merge(id, -1, Integer::sum);
            Did last = finalState.get(id);
            result.add(last.withUsage(last.usageCount() - after, batchTime.plusNanos(i * 1000L)));
        }
        return result;
    }

    private DomainException pinnedRefused(TenantId tenant, UUID didId) {
        return dids.find(tenant, didId)
                .<DomainException>map(did -> new DidNotSelectableException("DID " + did.number() + " is "
                        + did.status() + ", not selectable (only active or available DIDs are used)"))
                .orElseGet(() -> new DomainException.NotFound("no DID with id " + didId));
    }

    /**
     * Counts the allocation by how it was selected. Not by segment: segments are named by tenants, and a label that
     * takes their values would grow the metrics with every name any tenant makes up (and show it to the scraper).
     */
    private Allocation counted(Allocation allocation) {
        counters.computeIfAbsent(allocation.selectedBy(), selectedBy -> Counter.builder("didpool.allocations")
                .description("DIDs allocated to calls")
                .tag("selected_by", selectedBy.name())
                .register(meters))
                .increment();
        return allocation;
    }

    @Override
    public void destroy() {
        dispatchers.shutdownNow();
    }
}
