package io.didpool.allocation;

import io.didpool.allocation.AllocationService.Result;
import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Allocation inside the caller's transaction (the dialer's claim of set-up slots): the uses counted commit or roll
 * back with whatever the caller decides with them. Each batch runs under a savepoint, which a retry after stale DIDs
 * rolls back to; the caller's transaction settles its own doubts, so no use here is ever in doubt.
 *
 * <p>Lock order (see {@link PoolBatch}): pools in {@link Pool#LOCK_ORDER} (all of them first when requests have
 * fallbacks), each batch's DID rows after its pool's lock, and pinned DIDs' rows last, after every pool: a pinned
 * DID's row taken first could be the row a concurrent batch of a pool, holding that pool's lock, is writing.
 */
@Component
class InTransactionAllocation {

    private final AllocationRepository repository;
    private final PoolBatch batches;
    private final PinnedAllocation pinned;
    private final TransactionTemplate nested;

    InTransactionAllocation(AllocationRepository repository, PoolBatch batches, PinnedAllocation pinned,
            TransactionTemplate transactions) {
        this.repository = repository;
        this.batches = batches;
        this.pinned = pinned;
        this.nested = new TransactionTemplate(transactions.getTransactionManager());
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Allocates for every request, in the current transaction. Requests are tried pool by pool as
     * {@link AllocationService#allocate} tries them (a segment, then its fallbacks); the requests of one pool at one
     * step are one batch, exactly as concurrent allocations would be.
     *
     * @return per request, in order: its allocation, or the refusal {@link AllocationService#allocate} would have
     *         thrown
     */
    List<Result> allocate(TenantId tenant, List<AllocationRequest> requests) {
        Result[] results = new Result[requests.size()];
        Map<Integer, List<NothingSelectableException.Refusal>> refusals = new HashMap<>();
        // per request, the pools it tries in order and which is next
        Map<Integer, AttemptOrder> orders = new HashMap<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).didId() == null) {
                pending.add(i);
                refusals.put(i, new ArrayList<>());
                orders.put(i, new AttemptOrder(requests.get(i)));
            }
        }
        lockEveryPoolFirst(tenant, requests);
        while (!pending.isEmpty()) {
            Map<Pool, List<Integer>> byPool = new TreeMap<>(Pool.LOCK_ORDER);
            List<Integer> next = new ArrayList<>();
            for (int i : pending) {
                AttemptOrder order = orders.get(i);
                if (order.hasCurrent()) {
                    byPool.computeIfAbsent(new Pool(tenant, order.current().segment()),
                            p -> new ArrayList<>()).add(i);
                } else {
                    results[i] = new Result(null, new NothingSelectableException(refusals.get(i)));
                }
            }
            for (Map.Entry<Pool, List<Integer>> batch : byPool.entrySet()) {
                Pool pool = batch.getKey();
                List<Integer> indexes = batch.getValue();
                List<Outcome> outcomes = takeNested(pool, indexes.stream()
                        .map(i -> requests.get(i).destination()).toList(), indexes.stream()
                        .map(i -> orders.get(i).current().reach()).toList());
                for (int j = 0; j < indexes.size(); j++) {
                    int i = indexes.get(j);
                    Outcome outcome = outcomes.get(j);
                    if (outcome.did() != null) {
                        results[i] = new Result(outcome.allocation(pool), null);
                        continue;
                    }
                    if (!outcome.passedOn()) {
                        refusals.get(i).add(new NothingSelectableException.Refusal(pool.segment(), outcome.refused()));
                    }
                    orders.get(i).next(outcome.passedOn());
                    next.add(i);
                }
            }
            pending = next;
        }
        for (int i = 0; i < requests.size(); i++) {
            AllocationRequest request = requests.get(i);
            if (request.didId() != null) {
                try {
                    results[i] = new Result(pinned.inCurrentTransaction(tenant, request.didId(),
                            request.destination(), null), null);
                } catch (DomainException refused) {
                    results[i] = new Result(null, refused);
                }
            }
        }
        return List.of(results);
    }

    /**
     * With fallback segments, a later step's pool may come before an earlier step's in {@link Pool#LOCK_ORDER}: two
     * claims could then each hold the pool the other waits for. So when any request has fallbacks, every pool any
     * request may try is locked first, in that order (a fallback not needed in the end is locked for nothing, but
     * only until this transaction ends).
     */
    private void lockEveryPoolFirst(TenantId tenant, List<AllocationRequest> requests) {
        if (requests.stream().allMatch(r -> r.didId() != null || r.segments().size() == 1)) {
            return;
        }
        Set<Pool> pools = new TreeSet<>(Pool.LOCK_ORDER);
        requests.stream().filter(r -> r.didId() == null)
                .forEach(r -> r.segments().forEach(segment -> pools.add(new Pool(tenant, segment))));
        pools.forEach(repository::lock);
    }

    /** One batch under a savepoint that a retry after stale DIDs rolls back to. */
    private List<Outcome> takeNested(Pool pool, List<String> destinations, List<Reach> reaches) {
        Set<UUID> lockFirst = new LinkedHashSet<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return nested.execute(status -> batches.takeLocked(pool, PoolDispatcher.Batch.of(destinations, reaches),
                        lockFirst, null, false));
            } catch (PoolBatch.StaleCandidates e) {
                if (attempt >= PoolBatch.STALE_ATTEMPTS) {
                    throw new ConcurrencyFailureException(e.getMessage());
                }
                lockFirst.addAll(e.ids);
            }
        }
    }
}
