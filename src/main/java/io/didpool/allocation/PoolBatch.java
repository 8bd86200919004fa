package io.didpool.allocation;

import io.didpool.did.Did;
import io.didpool.did.SegmentPolicy;
import io.didpool.did.SegmentPolicyStore;
import io.didpool.platform.Pipelined;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One batch of a pool in the current transaction, whichever path runs it ({@link BatchedAllocation} in a transaction
 * of the batch's own, {@link InTransactionAllocation} under a savepoint of the caller's): the pool's lock and rules,
 * the read of its candidates ({@link CandidateReader}), the replay ({@link LeastUsedRotation}) and the write
 * ({@link BatchWriter}).
 *
 * <p>Lock order, within a transaction: the pool's advisory locks ({@link AllocationRepository#lock}: the tenant's,
 * then the segment's), then DID rows ({@link BatchWriter#lock} of the DIDs a previous attempt found changed, then the
 * write's row locks). A caller that holds locks of its own takes them before (the dialer's pace row,
 * {@code dialing.SlotClaims}); nothing here waits for a lock of another module.
 */
@Component
class PoolBatch {

    private static final Logger log = LoggerFactory.getLogger(PoolBatch.class);
    /** Attempts of a batch whose write found DIDs changed since its read (each retry locks those DIDs first). */
    static final int STALE_ATTEMPTS = 10;

    private final AllocationRepository repository;
    private final CandidateReader reader;
    private final BatchWriter writer;
    private final RefusalCounts refusals;
    private final SegmentPolicyStore policies;

    PoolBatch(AllocationRepository repository, CandidateReader reader, BatchWriter writer, RefusalCounts refusals,
            SegmentPolicyStore policies) {
        this.repository = repository;
        this.reader = reader;
        this.writer = writer;
        this.refusals = refusals;
        this.policies = policies;
    }

    /** A batch's candidates, its plan, and the caps they were chosen under (to say why, when some got nothing). */
    record Choice(Candidates candidates, LeastUsedRotation.Plan plan,
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
    Pipelined.Statement<Rules> rulesStatement(Pool pool) {
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
    record Hint(Rules rules, Floors floors, long madeAt, int localFellThrough) {

        /** The floors, if recent enough to use. */
        Floors freshFloors() {
            return System.nanoTime() - madeAt < FLOORS_KEPT.toNanos() ? floors : null;
        }
    }

    private static final Duration FLOORS_KEPT = Duration.ofMinutes(1);

    /** A read sent ahead, with the pool's lock, and what it found. */
    private record ReadAhead(CandidateRead read, Candidates candidates) {
    }

    /** The pool's rules, and the read sent ahead with them. */
    private record RulesAndRead(Rules rules, ReadAhead readAhead) {
    }

    /**
     * Reads the pool under its rules and replays the batch's allocations on it; reads more while the replay says the
     * candidates were too few. The first read is {@code readAhead}'s when it is the very read these rules ask for.
     */
    Choice choose(Pool pool, List<String> destinations, List<Reach> reaches, Rules rules, Floors floors,
            int fellThroughBefore, ReadAhead readAhead) {
        SegmentPolicy policy = rules.policy();
        Map<String, SegmentPolicy> caps = rules.caps();
        LeastUsedRotation.Growth growth = new LeastUsedRotation.Growth();
        while (true) {
            CandidateRead read = LeastUsedRotation.read(pool, policy, caps, destinations, reaches, growth, floors,
                    fellThroughBefore);
            Candidates candidates = readAhead != null && readAhead.read().equals(read)
                    ? readAhead.candidates() : reader.readCandidates(read);
            readAhead = null;
            try {
                return new Choice(candidates, LeastUsedRotation.plan(read, candidates, policy, destinations, reaches),
                        caps);
            } catch (LeastUsedRotation.MoreCandidatesNeeded e) {
                log.debug("Batch of {} for {}: {}; reading more", destinations.size(), pool, e.getMessage());
                growth.grow(e.level);
            }
        }
    }

    /** The write found DIDs changed since the batch read them: roll the batch back, lock them and run it again. */
    static final class StaleCandidates extends RuntimeException {
        final Set<UUID> ids;

        StaleCandidates(Set<UUID> ids, Throwable cause) {
            super("DIDs changed since the batch read them: " + ids, cause, false, false);
            this.ids = ids;
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
     * batch reads again. Its scans start at the floors that batch left, if they still hold (Floors).
     */
    List<Outcome> takeLocked(Pool pool, PoolDispatcher.Batch<Hint> batch, Set<UUID> lockFirst,
            InDoubtCommits.Counting counting, boolean ownTransaction) {
        Hint hint = batch.hint();
        Floors floors = hint == null ? null : hint.freshFloors();
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
                writer.lock(lockFirst);
            }
        } else {
            destinations = batch.destinations();
            if (destinations.isEmpty()) {
                return List.of();
            }
            CandidateRead read = LeastUsedRotation.read(pool, guess.policy(), guess.caps(), destinations,
                    batch.reaches(), new LeastUsedRotation.Growth(), floors, fellThroughBefore);
            AllocationRepository.Locked<RulesAndRead> locked = repository.lock(pool, ownTransaction,
                    rulesStatement(pool).then(reader.candidatesStatement(read),
                            (found, candidates) -> new RulesAndRead(found, new ReadAhead(read, candidates))));
            rules = locked.then().rules();
            readAhead = locked.then().readAhead();
            transactionId = locked.transactionId();
        }
        Choice choice = choose(pool, destinations, batch.reaches(), rules, floors, fellThroughBefore, readAhead);
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
        Map<UUID, Candidate> candidates = new HashMap<>();
        choice.candidates().all().forEach(c -> candidates.put(c.id(), c));
        List<BatchWriter.Use> uses = new ArrayList<>();
        for (int step = 0; step < picks.size(); step++) {
            UUID did = picks.get(step).did();
            if (did != null) {
                Candidate c = candidates.get(did);
                uses.add(new BatchWriter.Use(did, step, c.usageCount(), c.lastUsedAt(), c.number(),
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
                    repository.runAndCommit(writer.countAllUsesStatement(pool.tenant(), pool.segment(), uses))
                            .forEach(d -> written.put(d.id(), d));
                } catch (RuntimeException e) {
                    if (BatchWriter.changedSinceRead(e)) {
                        // which of them changed is not said: the batch runs again with all its DIDs locked first
                        throw new StaleCandidates(perDid.keySet(), e);
                    }
                    throw e;
                }
            } else {
                writer.countUses(pool.tenant(), pool.segment(), uses).forEach(d -> written.put(d.id(), d));
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
        // an allocation that passed on (nothing within its reach) tries the next pool: no refusal to count for it
        Outcome refused = null;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).did() == null && !picks.get(i).passedOn()) {
                if (refused == null) {
                    refused = Outcome.refused(refusals.unusable(pool.tenant(), pool.segment(), choice.caps()));
                }
                outcomes.set(i, refused);
            }
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
}
