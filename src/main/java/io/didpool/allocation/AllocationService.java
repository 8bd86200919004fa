package io.didpool.allocation;

import io.didpool.api.DomainException;
import io.didpool.asterisk.CallStatus;
import io.didpool.did.Did;
import io.didpool.did.DidService;
import io.didpool.did.SegmentPolicy;
import io.didpool.did.SegmentPolicyStore;
import io.didpool.did.UsageStore;
import io.didpool.platform.Pipelined;
import io.didpool.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chooses the DID of a call and counts its use, exactly and fairly, whatever the concurrency and however many
 * instances share the database.
 *
 * <p>Priority: a named DID ({@link SelectedBy#DID_ID}), else the next DID of a segment and of its fallback segments
 * ({@link SelectedBy#SEGMENT}), else the next of all the tenant's selectable DIDs ({@link SelectedBy#DEFAULT}); "next"
 * is {@link LeastUsedRotation} under the segment's {@link SegmentPolicy}. Concurrent requests of one pool are batched
 * by a {@link PoolDispatcher}; each batch is one transaction that holds the pool's advisory lock, reads its
 * candidates, replays the rotation request by request and writes the counts and calls back.
 */
@Service
public class AllocationService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AllocationService.class);
    /** Attempts of a batch whose write found DIDs changed since its read (each retry locks those DIDs first). */
    private static final int STALE_ATTEMPTS = 10;

    private final AllocationRepository repository;
    private final UsageStore usage;
    private final SegmentPolicyStore policies;
    private final DidService dids;
    private final TransactionTemplate transactions;
    private final TransactionTemplate nested;
    private final InDoubtCommits inDoubt;
    private final MeterRegistry meters;
    private final AllocationProperties properties;
    private final ExecutorService dispatchers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "allocation-dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    private final PoolDispatcher.Registry<Hint> pools;
    private final Map<SelectedBy, Counter> counters = new ConcurrentHashMap<>();

    AllocationService(AllocationRepository repository, UsageStore usage, SegmentPolicyStore policies,
            DidService dids, TransactionTemplate transactions, InDoubtCommits inDoubt, MeterRegistry meters,
            AllocationProperties properties) {
        this.repository = repository;
        this.usage = usage;
        this.policies = policies;
        this.dids = dids;
        this.transactions = transactions;
        this.nested = new TransactionTemplate(transactions.getTransactionManager());
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.inDoubt = inDoubt;
        this.meters = meters;
        this.properties = properties;
        this.pools = new PoolDispatcher.Registry<>(properties.maxBatch(), properties.linger(), dispatchers,
                this::allocateBatch);
    }

    /**
     * Takes a DID by the priority of the contract and counts its use.
     *
     * @throws io.didpool.api.DomainException.NotFound for a pinned DID the tenant does not have
     * @throws DidNotSelectableException               for a pinned DID that may not be used now
     * @throws NothingSelectableException              when no pool tried has a usable DID
     * @throws AllocationTimeoutException              when the database did not answer in time (nothing counted)
     */
    public Allocation allocate(TenantId tenant, AllocationRequest request) {
        if (request.didId() != null) {
            return counted(pinned(tenant, request.didId(), request.destination()));
        }
        checkFallbacks(request);
        List<NothingSelectableException.Refusal> refusals = new ArrayList<>();
        for (String segment : request.segments()) {
            Outcome outcome = awaitBatch(new Pool(tenant, segment), request.destination());
            if (outcome.did() != null) {
                return counted(new Allocation(outcome.did(), segment == null ? SelectedBy.DEFAULT : SelectedBy.SEGMENT,
                        segment == null ? outcome.did().segment() : segment, outcome.match()));
            }
            refusals.add(new NothingSelectableException.Refusal(segment, outcome.refused()));
        }
        throw new NothingSelectableException(refusals);
    }

    /**
     * Allocates for every request inside the caller's transaction, so that the uses counted commit or roll back with
     * whatever the caller decides with them (a call's set-up slot). Requests are tried pool by pool as
     * {@link #allocate} tries them (a segment, then its fallbacks); the requests of one pool at one step are one
     * batch, exactly as concurrent {@link #allocate} calls would be. Pools are locked in one order (tenant, then its
     * tenant-wide pool, then segments) within each step. A batch that finds DIDs changed since it read them is rolled
     * back to a savepoint and run again with them locked; the caller's transaction settles its own doubts.
     *
     * @return per request, in order: its allocation, or the refusal {@link #allocate} would have thrown
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Result> allocateNow(TenantId tenant, List<AllocationRequest> requests) {
        Result[] results = new Result[requests.size()];
        Map<Integer, List<NothingSelectableException.Refusal>> refusals = new HashMap<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            AllocationRequest request = requests.get(i);
            if (request.didId() != null) {
                try {
                    results[i] = new Result(counted(pinnedUse(tenant, request.didId(), request.destination(), null)),
                            null);
                } catch (DomainException refused) {
                    results[i] = new Result(null, refused);
                }
            } else {
                checkFallbacks(request);
                pending.add(i);
                refusals.put(i, new ArrayList<>());
            }
        }
        for (int step = 0; !pending.isEmpty(); step++) {
            Map<Pool, List<Integer>> byPool = new java.util.TreeMap<>(Pool.LOCK_ORDER);
            List<Integer> next = new ArrayList<>();
            for (int i : pending) {
                List<String> segments = requests.get(i).segments();
                if (step < segments.size()) {
                    byPool.computeIfAbsent(new Pool(tenant, segments.get(step)), p -> new ArrayList<>()).add(i);
                } else {
                    results[i] = new Result(null, new NothingSelectableException(refusals.get(i)));
                }
            }
            for (Map.Entry<Pool, List<Integer>> batch : byPool.entrySet()) {
                Pool pool = batch.getKey();
                List<Integer> indexes = batch.getValue();
                List<Outcome> outcomes = takeNested(pool, indexes.stream()
                        .map(i -> requests.get(i).destination()).toList());
                for (int j = 0; j < indexes.size(); j++) {
                    int i = indexes.get(j);
                    Outcome outcome = outcomes.get(j);
                    if (outcome.did() != null) {
                        results[i] = new Result(counted(new Allocation(outcome.did(),
                                pool.tenantWide() ? SelectedBy.DEFAULT : SelectedBy.SEGMENT,
                                pool.tenantWide() ? outcome.did().segment() : pool.segment(), outcome.match())), null);
                    } else {
                        refusals.get(i).add(new NothingSelectableException.Refusal(pool.segment(), outcome.refused()));
                        next.add(i);
                    }
                }
            }
            pending = next;
        }
        return List.of(results);
    }

    /** What {@link #allocateNow} gives one request: an allocation, or why there is none. */
    public record Result(Allocation allocation, DomainException refusal) {
    }

    /** One batch inside the caller's transaction, under a savepoint that a retry after stale DIDs rolls back to. */
    private List<Outcome> takeNested(Pool pool, List<String> destinations) {
        Set<UUID> lockFirst = new LinkedHashSet<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return nested.execute(status -> takeLocked(pool, PoolDispatcher.Batch.of(destinations), lockFirst,
                        null, false));
            } catch (StaleCandidates e) {
                if (attempt >= STALE_ATTEMPTS) {
                    throw new ConcurrencyFailureException(e.getMessage());
                }
                lockFirst.addAll(e.ids);
            }
        }
    }

    /**
     * The DID the next rotation of this request would take and why, changing nothing; empty when no pool tried has
     * a usable DID. It takes no lock: a look only.
     */
    public Optional<Allocation> peek(TenantId tenant, AllocationRequest request) {
        checkFallbacks(request);
        // a savepoint in the caller's transaction (queuing a call looks ahead this way), or a transaction of its own:
        // rolled back either way, so that a look can never change anything
        return nested.execute(status -> {
            status.setRollbackOnly();
            for (String segment : request.segments()) {
                Pool pool = new Pool(tenant, segment);
                List<String> destination = java.util.Collections.singletonList(request.destination());
                Choice choice = choose(pool, destination, repository.read(rulesStatement(pool)), null, 0, null);
                LeastUsedRotation.Pick pick = choice.plan().picks().get(0);
                if (pick.did() != null) {
                    Optional<Did> did = dids.find(tenant, pick.did());
                    if (did.isPresent()) {
                        return Optional.of(new Allocation(did.get(),
                                segment == null ? SelectedBy.DEFAULT : SelectedBy.SEGMENT,
                                segment == null ? did.get().segment() : segment, pick.match()));
                    }
                }
            }
            return Optional.<Allocation>empty();
        });
    }

    /**
     * Records how a call placed with the DID ended, for its answer rate and health: ANSWERED is answered; NO_ANSWER
     * (rang out), BUSY and FAILED are not; CONGESTION (the carrier refused the set-up) and DRY_RUN (no call) are not
     * recorded. When the DID's segment policy rests DIDs below an answer rate and the DID has had
     * {@code healthWindowCalls} outcomes since its last rest, a rate below {@code restBelowAnswerRate} rests it for
     * {@code restHours}. A DID deleted since is ignored.
     */
    public void recordOutcome(TenantId tenant, UUID didId, CallStatus status) {
        if (status == CallStatus.CONGESTION || status == CallStatus.DRY_RUN) {
            return;
        }
        transactions.executeWithoutResult(tx -> usage.recordOutcome(tenant, didId, status == CallStatus.ANSWERED)
                .ifPresent(recorded -> {
                    SegmentPolicy policy = policies.policy(tenant, recorded.segment());
                    if (policy.restBelowAnswerRate() == null
                            || recorded.seq() - recorded.healthOutcomesFrom() < policy.healthWindowCalls()) {
                        return;
                    }
                    // the last healthWindowCalls outcomes all came after the last rest: the DID's answer rate
                    BigDecimal rate = usage.answerRate(didId, policy.healthWindowCalls());
                    if (rate != null && rate.compareTo(policy.restBelowAnswerRate()) < 0) {
                        usage.rest(didId, policy.restHours(), recorded.seq());
                        log.info("DID {} rests {} h: answer rate {} over its last {} calls is below {}", didId,
                                policy.restHours(), rate, policy.healthWindowCalls(), policy.restBelowAnswerRate());
                    }
                }));
    }

    List<UsageStore.SegmentUsage> usage(TenantId tenant, String segment) {
        return usage.usage(tenant, segment);
    }

    int resetUsage(TenantId tenant, String segment) {
        return usage.resetUsage(tenant, segment);
    }

    /** How many pools have a dispatcher now (they exist only while requests of the pool are waiting). */
    int activePools() {
        return pools.size();
    }

    private static void checkFallbacks(AllocationRequest request) {
        if (request.didId() == null && request.segment() == null && !request.fallbackSegments().isEmpty()) {
            throw new DomainException.InvalidRequest("fallbackSegments: are tried after segment, which is missing;"
                    + " name the segment to try first");
        }
    }

    /** A pinned DID in a transaction of its own, followed by {@link InDoubtCommits} if its COMMIT gets no answer. */
    private Allocation pinned(TenantId tenant, UUID didId, String destination) {
        return inDoubt.inTransaction(counting -> pinnedUse(tenant, didId, destination, counting));
    }

    /**
     * A pinned DID, in the current transaction: its row is locked (it bypasses the pool's advisory lock), then read,
     * so that its calls include every allocation committed before; refused when it is not selectable or at a cap of
     * its segment's policy. {@code counting} (when the transaction is the allocation's own) records the use in case
     * its COMMIT gets no answer.
     */
    private Allocation pinnedUse(TenantId tenant, UUID didId, String destination, InDoubtCommits.Counting counting) {
        Did did = usage.lockPinned(tenant, didId)
                .orElseThrow(() -> new DomainException.NotFound("no DID with id " + didId));
        if (!did.selectable()) {
            throw notSelectable(did);
        }
        SegmentPolicy policy = policies.policy(tenant, did.segment());
        if (policy.maxCallsPerHour() != null && did.callsLastHour() >= policy.maxCallsPerHour()) {
            throw new DidNotSelectableException("DID " + did.number() + " is at its cap: "
                    + did.callsLastHour() + " calls in the last hour, the most segment " + did.segment()
                    + " allows (maxCallsPerHour " + policy.maxCallsPerHour() + ")");
        }
        if (policy.maxCallsPerDay() != null && did.callsLastDay() >= policy.maxCallsPerDay()) {
            throw new DidNotSelectableException("DID " + did.number() + " is at its cap: "
                    + did.callsLastDay() + " calls in the last 24 hours, the most segment " + did.segment()
                    + " allows (maxCallsPerDay " + policy.maxCallsPerDay() + ")");
        }
        if (counting != null) {
            counting.record(repository.transactionId(), new UUID[] {did.id()}, new Integer[] {1});
        }
        List<Did> written = usage.countUses(tenant, null, List.of(new UsageStore.Use(did.id(), 0,
                did.usageCount(), did.lastUsedAt(), did.number(), destination)));
        if (written.isEmpty()) {
            // the database's clock says it rests (or a status edit committed since): not selectable after all
            throw notSelectable(did);
        }
        Did after = written.get(0);
        return new Allocation(after.withUse(after.usageCount(), after.lastUsedAt(), after.callsLastHour() + 1,
                after.callsLastDay() + 1), SelectedBy.DID_ID, after.segment(), null);
    }

    private static DidNotSelectableException notSelectable(Did did) {
        if (did.restingUntil() != null && io.didpool.did.DidRules.SELECTABLE_STATUSES.contains(did.status())) {
            return new DidNotSelectableException("DID " + did.number() + " is resting until " + did.restingUntil()
                    + ", not selectable until then");
        }
        return new DidNotSelectableException("DID " + did.number() + " is " + did.status()
                + ", not selectable (only active or available DIDs are used)");
    }

    private Outcome awaitBatch(Pool pool, String destination) {
        PoolDispatcher.Ticket ticket = pools.submit(pool, destination);
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

    /** A batch's candidates, its plan, and the caps they were chosen under (to say why, when some got nothing). */
    private record Choice(UsageStore.Candidates candidates, LeastUsedRotation.Plan plan,
            Map<String, SegmentPolicy> caps) {
    }

    /**
     * What a pool rotates under: its segment's policy, and the caps of each segment whose DIDs it holds. The
     * tenant-wide pool has no policy of its own, but the caps of every segment's policy hold for its DIDs there too.
     */
    record Rules(SegmentPolicy policy, Map<String, SegmentPolicy> caps) {

        /** A segment's pool: its own caps, if its policy has any. */
        static Rules of(Pool pool, SegmentPolicy policy) {
            return new Rules(policy, policy.capped() ? Map.of(pool.segment(), policy) : Map.of());
        }
    }

    /** The pool's rules as a statement, sent with the pool's lock in one round trip (or alone, for a look). */
    private Pipelined.Statement<Rules> rulesStatement(Pool pool) {
        if (pool.tenantWide()) {
            return policies.cappingStatement(pool.tenant()).map(caps -> new Rules(SegmentPolicy.NONE, caps));
        }
        return policies.policyStatement(pool.tenant(), pool.segment()).map(policy -> Rules.of(pool, policy));
    }

    /**
     * What a batch leaves for its pool's next batch here: the rules it found (to send the read with the lock), the
     * floors its read found (where the next read's scans start, if they still hold), made at {@code madeAt}
     * ({@link System#nanoTime}), and how many of its allocations with local presence fell through to the pool (to size
     * the next read's head, {@link LeastUsedRotation#read}; a size only, which the replay checks). Floors older than
     * {@link #FLOORS_KEPT} are not used: the database keeps what would void them for ten minutes only
     * ({@link CallHistoryPruning}).
     */
    record Hint(Rules rules, UsageStore.Floors floors, long madeAt, int localFellThrough) {

        /** The floors, if recent enough to use. */
        UsageStore.Floors freshFloors() {
            return System.nanoTime() - madeAt < FLOORS_KEPT.toNanos() ? floors : null;
        }
    }

    private static final Duration FLOORS_KEPT = Duration.ofMinutes(1);

    /** A read sent ahead, with the pool's lock, and what it found. */
    private record ReadAhead(UsageStore.CandidateRead read, UsageStore.Candidates candidates) {
    }

    /** The pool's rules, and the read sent ahead with them. */
    private record RulesAndRead(Rules rules, ReadAhead readAhead) {
    }

    /**
     * Reads the pool under its rules and replays the batch's allocations on it; reads more while the replay says the
     * candidates were too few. The first read is {@code readAhead}'s when it is the very read these rules ask for.
     */
    private Choice choose(Pool pool, List<String> destinations, Rules rules, UsageStore.Floors floors,
            int fellThroughBefore, ReadAhead readAhead) {
        SegmentPolicy policy = rules.policy();
        Map<String, SegmentPolicy> caps = rules.caps();
        LeastUsedRotation.Growth growth = new LeastUsedRotation.Growth();
        while (true) {
            UsageStore.CandidateRead read = LeastUsedRotation.read(pool, policy, caps, destinations, growth, floors,
                    fellThroughBefore);
            UsageStore.Candidates candidates = readAhead != null && readAhead.read().equals(read)
                    ? readAhead.candidates() : usage.readCandidates(read);
            readAhead = null;
            try {
                return new Choice(candidates, LeastUsedRotation.plan(read, candidates, policy, destinations), caps);
            } catch (LeastUsedRotation.MoreCandidatesNeeded e) {
                log.debug("Batch of {} for {}: {}; reading more", destinations.size(), pool, e.getMessage());
                growth.grow(e.level);
            }
        }
    }

    /** The write found DIDs changed since the batch read them: roll the batch back, lock them and run it again. */
    private static final class StaleCandidates extends RuntimeException {
        private final Set<UUID> ids;

        StaleCandidates(Set<UUID> ids, Throwable cause) {
            super("DIDs changed since the batch read them: " + ids, cause, false, false);
            this.ids = ids;
        }
    }

    /**
     * One batch: one allocation per destination, of one pool, as one transaction ({@link #takeLocked}). Answers each
     * allocation's outcome in order: its DID as it was right after its own pick, or why the pool had nothing usable
     * for it. A batch whose write finds a DID changed
     * since its read (a pinned allocation, a rest, an operator's edit) is rolled back and run again with those DIDs
     * locked first; deadlocks with concurrent multi-row edits (imports) are retried.
     */
    private List<Outcome> allocateBatch(Pool pool, PoolDispatcher.Batch<Hint> batch) {
        Set<UUID> lockFirst = new LinkedHashSet<>();
        int deadlocks = 0;
        for (int attempt = 1; ; attempt++) {
            boolean[] committing = new boolean[1];
            try {
                return inDoubt.inTransaction(counting -> {
                    List<Outcome> outcomes = takeLocked(pool, batch, lockFirst, counting, true);
                    committing[0] = true;
                    return outcomes;
                });
            } catch (StaleCandidates e) {
                if (attempt >= STALE_ATTEMPTS) {
                    throw new ConcurrencyFailureException(e.getMessage());
                }
                lockFirst.addAll(e.ids);
            } catch (ConcurrencyFailureException e) {
                // before the COMMIT only: a batch whose COMMIT failed may have committed, and InDoubtCommits settles it
                if (++deadlocks == 3 || committing[0]) {
                    throw e;
                }
            }
        }
    }

    /**
     * The batch in the current transaction: the pool's lock with the pool's rules (one round trip), then the batch's
     * destinations (so that requests arriving meanwhile go with it), the DIDs to lock first (those a previous attempt
     * found changed), the choice and its writes. {@code ownTransaction}: the transaction is the batch's alone, and
     * its statements may run their generic plans ({@link AllocationRepository#lock}).
     *
     * <p>A batch whose pool's previous batch here left the rules it found takes its destinations first and sends the
     * read those rules ask for with the lock and the rules, saving a round trip: the read runs after both, as it
     * would alone. It is used only if the rules found now ask for the very same read; else (a policy changed) the
     * batch reads again. Its scans start at the floors that batch left, if they still hold (UsageStore.Floors).
     */
    private List<Outcome> takeLocked(Pool pool, PoolDispatcher.Batch<Hint> batch, Set<UUID> lockFirst,
            InDoubtCommits.Counting counting, boolean ownTransaction) {
        Hint hint = batch.hint();
        UsageStore.Floors floors = hint == null ? null : hint.freshFloors();
        int fellThroughBefore = hint == null ? 0 : hint.localFellThrough();
        Rules guess = lockFirst.isEmpty() && hint != null ? hint.rules() : null;
        Rules rules;
        ReadAhead readAhead = null;
        List<String> destinations;
        long transactionId;
        if (guess == null) {
            AllocationRepository.Locked<Rules> locked = repository.lock(pool, ownTransaction, rulesStatement(pool));
            rules = locked.then();
            transactionId = locked.transactionId();
            destinations = batch.destinations();
            if (destinations.isEmpty()) {
                return List.of();
            }
            if (!lockFirst.isEmpty()) {
                usage.lock(lockFirst);
            }
        } else {
            destinations = batch.destinations();
            if (destinations.isEmpty()) {
                return List.of();
            }
            UsageStore.CandidateRead read = LeastUsedRotation.read(pool, guess.policy(), guess.caps(), destinations,
                    new LeastUsedRotation.Growth(), floors, fellThroughBefore);
            AllocationRepository.Locked<RulesAndRead> locked = repository.lock(pool, ownTransaction,
                    rulesStatement(pool).then(usage.candidatesStatement(read),
                            (found, candidates) -> new RulesAndRead(found, new ReadAhead(read, candidates))));
            rules = locked.then().rules();
            readAhead = locked.then().readAhead();
            transactionId = locked.transactionId();
        }
        Choice choice = choose(pool, destinations, rules, floors, fellThroughBefore, readAhead);
        batch.hint(new Hint(rules, choice.candidates().floors(), System.nanoTime(),
                choice.plan().localFellThrough()));
        return write(pool, destinations, choice, counting, transactionId, ownTransaction);
    }

    /**
     * Writes the batch's picks. In a transaction of the batch's own where every allocation got a DID, the COMMIT goes
     * with the write, in one round trip: the write then fails rather than skip a DID changed since the read.
     */
    private List<Outcome> write(Pool pool, List<String> destinations, Choice choice,
            InDoubtCommits.Counting counting, long transactionId, boolean ownTransaction) {
        List<LeastUsedRotation.Pick> picks = choice.plan().picks();
        Map<UUID, UsageStore.Candidate> candidates = new HashMap<>();
        choice.candidates().all().forEach(c -> candidates.put(c.id(), c));
        List<UsageStore.Use> uses = new ArrayList<>();
        for (int step = 0; step < picks.size(); step++) {
            UUID did = picks.get(step).did();
            if (did != null) {
                UsageStore.Candidate c = candidates.get(did);
                uses.add(new UsageStore.Use(did, step, c.usageCount(), c.lastUsedAt(), c.number(),
                        destinations.get(step)));
            }
        }
        Map<UUID, Did> written = new HashMap<>();
        if (!uses.isEmpty()) {
            Map<UUID, Integer> perDid = new java.util.LinkedHashMap<>();
            uses.forEach(u -> perDid.merge(u.did(), 1, Integer::sum));
            if (counting != null) {
                counting.record(transactionId, perDid.keySet().toArray(new UUID[0]),
                        perDid.values().toArray(new Integer[0]));
            }
            boolean commitWithWrite = ownTransaction && uses.size() == picks.size();
            if (commitWithWrite) {
                counting.committing();
                try {
                    repository.runAndCommit(usage.countAllUsesStatement(pool.tenant(), pool.segment(), uses))
                            .forEach(d -> written.put(d.id(), d));
                } catch (RuntimeException e) {
                    if (UsageStore.changedSinceRead(e)) {
                        // which of them changed is not said: the batch runs again with all its DIDs locked first
                        throw new StaleCandidates(perDid.keySet(), e);
                    }
                    throw e;
                }
            } else {
                usage.countUses(pool.tenant(), pool.segment(), uses).forEach(d -> written.put(d.id(), d));
                Set<UUID> stale = new HashSet<>();
                uses.forEach(u -> {
                    if (!written.containsKey(u.did())) {
                        stale.add(u.did());
                    }
                });
                if (!stale.isEmpty()) {
                    throw new StaleCandidates(stale, null);
                }
            }
        }
        List<Outcome> outcomes = perAllocation(picks, written);
        if (outcomes.stream().anyMatch(o -> o.did() == null)) {
            Outcome refused = Outcome.refused(usage.unusable(pool.tenant(), pool.segment(), choice.caps()));
            outcomes.replaceAll(o -> o.did() == null ? refused : o);
        }
        return outcomes;
    }

    /**
     * The written rows hold each DID's usage after its last pick (its calls as before the batch); the i-th
     * allocation is answered with the state right after its own pick (count and calls so far, last used at the
     * batch's time plus i microseconds), as one-by-one allocation would have shown it.
     */
    private static List<Outcome> perAllocation(List<LeastUsedRotation.Pick> picks, Map<UUID, Did> written) {
        Map<UUID, Integer> laterPicks = new HashMap<>();
        Map<UUID, Integer> lastPick = new HashMap<>();
        Map<UUID, Integer> totalPicks = new HashMap<>();
        for (int i = 0; i < picks.size(); i++) {
            UUID id = picks.get(i).did();
            if (id != null) {
                laterPicks.merge(id, 1, Integer::sum);
                totalPicks.merge(id, 1, Integer::sum);
                lastPick.put(id, i);
            }
        }
        Instant batchTime = null;
        for (Map.Entry<UUID, Integer> last : lastPick.entrySet()) {
            batchTime = written.get(last.getKey()).lastUsedAt().minusNanos(last.getValue() * 1000L);
            break;
        }
        List<Outcome> result = new ArrayList<>(picks.size());
        for (int i = 0; i < picks.size(); i++) {
            LeastUsedRotation.Pick pick = picks.get(i);
            if (pick.did() == null) {
                result.add(new Outcome(null, null, null));
                continue;
            }
            int after = laterPicks.merge(pick.did(), -1, Integer::sum);
            int sofar = totalPicks.get(pick.did()) - after;
            Did last = written.get(pick.did());
            result.add(Outcome.took(last.withUse(last.usageCount() - after, batchTime.plusNanos(i * 1000L),
                    last.callsLastHour() + sofar, last.callsLastDay() + sofar), pick.match()));
        }
        return result;
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

    @Override
    public void destroy() {
        dispatchers.shutdownNow();
    }
}
