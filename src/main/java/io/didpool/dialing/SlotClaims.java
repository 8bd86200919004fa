package io.didpool.dialing;

import io.didpool.allocation.Allocation;
import io.didpool.allocation.AllocationRequest;
import io.didpool.allocation.AllocationService;
import io.didpool.dialinglimits.AttemptLimits;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.Trunk;
import io.didpool.trunk.TrunkService;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out a trunk's set-up slots, in one short transaction under the lock of the trunk's pace row, so that across
 * every instance the trunk's pace and concurrency cap hold and its slots go to tenants and flows in turn.
 *
 * <p>Lock order. A claim takes its locks in this order, and whatever it calls must keep to it:
 * <ol>
 * <li>the trunk's pace row ({@code trunk_pacing}): skipped when held ({@code SKIP LOCKED}), never waited for;
 * <li>the picked calls' rows ({@code calls}): skipped too (and before them, the rows of calls whose calling-hours
 *     window closed, moved to their next window);
 * <li>the lock of each picked call's number under its tenant's attempt limit ({@link AttemptLimits}), numbers in
 *     their set order;
 * <li>the advisory lock of each pool rotation takes DIDs from ({@code AllocationService.allocateNow}, through
 *     {@code AllocationRepository.lock}, pools in {@code Pool.LOCK_ORDER}): it orders every batch of a pool, on
 *     every instance, {@code POST /allocate}'s included;
 * <li>DID rows ({@code asterisk_dids}): those the batch writes, or locks first when it runs again
 *     ({@code UsageStore.lock}).
 * </ol>
 * So a claim waits only for a pool's lock or a DID row, taken pool first as every allocation takes them
 * ({@code SlotClaimsLockOrderTest}). Not yet so, in allocation's code (docs/dialing.md): a pinned DID's row
 * ({@code UsageStore.lockPinned}) is locked with no pool lock, before the pools of the same claim, and a claim's
 * tenants are allocated in no set order.
 */
@Component
class SlotClaims {

    /** How many calls whose window closed one claim moves to their next window at most. */
    static final int WINDOWS_PER_CLAIM = 500;

    private final TrunkPaces paces;
    private final DialFlows flows;
    private final CallReads reads;
    private final CallLifecycle calls;
    private final DialNotifier notifier;
    private final TrunkService trunks;
    private final DialingProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AllocationService allocations;
    private final SuppressedCalls suppressed;
    private final QueuedCalls queued;
    private final CallingHoursWaits hours;
    private final AttemptLimits limits;

    SlotClaims(TrunkPaces paces, DialFlows flows, CallReads reads, CallLifecycle calls, DialNotifier notifier,
            TrunkService trunks, DialingProperties properties, TransactionTemplate transactions,
            ApplicationEventPublisher events, AllocationService allocations, SuppressedCalls suppressed,
            QueuedCalls queued, CallingHoursWaits hours, AttemptLimits limits) {
        this.queued = queued;
        this.hours = hours;
        this.limits = limits;
        this.allocations = allocations;
        this.suppressed = suppressed;
        this.paces = paces;
        this.flows = flows;
        this.reads = reads;
        this.calls = calls;
        this.notifier = notifier;
        this.trunks = trunks;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
    }

    /** Takes the slots of {@code trunk} due now for calls that are ready, for {@code owner} to dial. */
    Claim claim(String trunk, String owner) {
        return transactions.execute(status -> {
            TrunkPaces.PaceRow pace = paces.lock(trunk).orElse(null);
            // this instance's clock when the database's was read: slots are timed from here, not from when the
            // transaction ends (a slow commit must make a set-up late, not shift it)
            long nanosAtNow = System.nanoTime();
            if (pace == null) {
                return Claim.heldElsewhere();
            }
            Instant now = pace.now();
            if (nextWindows(trunk, now)) {
                // more windows closed than one claim moves: the next claim goes on at once
                return new Claim(now, nanosAtNow, List.of(), null, false, false, true);
            }
            Trunk limits = trunks.get(trunk);
            int room = properties.maxClaim();
            if (limits.maxConcurrentCalls() != null) {
                room = (int) Math.min(room, Math.max(0, limits.maxConcurrentCalls() - reads.dialing(trunk)));
                if (room == 0) {
                    return Claim.atCap(now, nanosAtNow);
                }
            }
            Pacing pacing = Pacing.of(limits.callsPerSecond(), properties);
            Pacing.Slots slots = pacing.due(pace.nextSlot(), now, room);
            if (slots.count() == 0) {
                return Claim.nothingBefore(now, nanosAtNow, slots.lookAgainAt());
            }
            List<FairShare.Flow> ready = new ArrayList<>();
            Instant nextReady = null;
            for (DialFlows.FlowRow row : flows.flows(trunk)) {
                if (row.firstReady() == null) {
                    continue;
                }
                if (row.firstReady().isAfter(now)) {
                    nextReady = nextReady == null || row.firstReady().isBefore(nextReady) ? row.firstReady()
                            : nextReady;
                } else {
                    ready.add(row.flow());
                }
            }
            Taken taken = take(trunk, owner, now, pacing, slots, FairShare.next(ready, slots.count()));
            if (taken.picked() == 0) {
                return Claim.nothingBefore(now, nanosAtNow, nextReady);
            }
            // every slot went, or some calls left without one (moved, unplaced): there may be more to take at once
            boolean more = taken.picked() == slots.count() || taken.claimed().size() < taken.picked();
            return new Claim(now, nanosAtNow, taken.claimed(), null, false, false, more);
        });
    }

    /**
     * Moves up to {@link #WINDOWS_PER_CLAIM} of the trunk's queued calls whose calling-hours window has closed to
     * their next window; a call its hours never allow ends unplaced. True when that many were moved: more may remain
     * (the claim's filter keeps every one of them from starting meanwhile). Nothing to do, and one empty index range
     * read, while every window is open.
     */
    private boolean nextWindows(String trunk, Instant now) {
        List<QueuedCalls.Closed> closed = queued.windowClosed(trunk, now, WINDOWS_PER_CLAIM);
        if (closed.isEmpty()) {
            return false;
        }
        List<CallingHoursWaits.Wait> waits = hours.waits(closed.stream().map(QueuedCalls.Closed::subject).toList());
        List<UUID> moved = new ArrayList<>();
        List<CallingHoursWaits.Wait> movedWaits = new ArrayList<>();
        Map<UUID, String> refused = new HashMap<>();
        for (int i = 0; i < closed.size(); i++) {
            CallingHoursWaits.Wait wait = waits.get(i);
            if (wait.refusal() != null) {
                refused.put(closed.get(i).id(), wait.refusal());
            } else {
                moved.add(closed.get(i).id());
                movedWaits.add(wait);
            }
        }
        if (!moved.isEmpty()) {
            queued.rewait(moved, movedWaits);
        }
        if (!refused.isEmpty()) {
            reads.read(List.copyOf(refused.keySet())).forEach(call -> unplaced(call, refused.get(call.id())));
        }
        return closed.size() == WINDOWS_PER_CLAIM;
    }

    /**
     * Gives the slots to the next calls of the picked flows, in pick order, and records the turns taken. A call
     * without a DID gets one first, in this transaction (its use counts only if it keeps its slot, and is given back
     * if the call ends before its Originate left): a call whose
     * pool has nothing, or whose DID names a trunk closed to its tenant, ends unplaced; one whose DID names another
     * trunk moves to that trunk's queue. Neither takes a slot. Nor does a call whose destination is suppressed now
     * ({@link SuppressedCalls}): it ends before rotation sees it.
     */
    private Taken take(String trunk, String owner, Instant now, Pacing pacing, Pacing.Slots slots,
            List<FairShare.Flow> picks) {
        Map<UUID, Integer> wanted = new LinkedHashMap<>();
        picks.forEach(pick -> wanted.merge(pick.flowId(), 1, Integer::sum));
        Map<UUID, Deque<UUID>> available = new HashMap<>();
        wanted.forEach((flow, n) -> available.put(flow, new ArrayDeque<>(reads.readyCalls(trunk, flow, now, n))));
        List<UUID> order = new ArrayList<>();
        Map<UUID, FairShare.Flow> pickOf = new HashMap<>();
        for (FairShare.Flow pick : picks) {
            UUID id = available.get(pick.flowId()).poll();
            if (id != null) {
                order.add(id);
                pickOf.put(id, pick);
            }
        }
        if (order.isEmpty()) {
            return new Taken(List.of(), 0);
        }
        Map<UUID, ClaimedCall> rows = new HashMap<>();
        reads.read(order).forEach(row -> rows.put(row.id(), row));
        // a destination suppressed since the call was queued: the call ends, before it takes a DID or a slot
        rows.keySet().removeAll(suppressed.end(rows.values()));
        // a number that had its tenant's limit of calls in the last 24 hours: the call waits, before it takes a DID;
        // a call claimed before (queued again) counted then
        AttemptLimits.Admission admission = limits.admit(rows.values().stream().filter(row -> !row.claimedBefore())
                .map(row -> new AttemptLimits.Attempt(row.id(), row.tenant(), row.destination())).toList(), now);
        rows.values().removeIf(row -> {
            Instant until = row.claimedBefore() ? null : admission.waitUntil(row.id());
            if (until != null) {
                queued.waitForLimit(row.id(), until, hours.onClock(until, now));
            }
            return until != null;
        });
        chooseDids(rows);

        List<UUID> kept = new ArrayList<>();
        Map<UUID, Instant> flowsServed = new HashMap<>();
        Map<UUID, Instant> tenantsServed = new HashMap<>();
        for (UUID id : order) {
            ClaimedCall call = rows.get(id);
            if (call == null || call.did() == null) {
                continue;
            }
            if (!call.did().trunk().equals(trunk)) {
                moveQueued(id, call.did().trunk());
            } else if (!trunks.isOpenTo(call.tenant(), trunk)) {
                unplaced(call, "trunk " + trunk + " is not open to this tenant");
            } else {
                // the order of this claim's picks carries over to the next claim's turns
                Instant servedAt = now.plusNanos(kept.size() * 1000L);
                kept.add(id);
                flowsServed.put(pickOf.get(id).flowId(), servedAt);
                tenantsServed.put(pickOf.get(id).tenantId(), servedAt);
            }
        }
        if (kept.isEmpty()) {
            return new Taken(List.of(), order.size());
        }
        Timestamp[] slotTimes = new Timestamp[kept.size()];
        for (int i = 0; i < slotTimes.length; i++) {
            slotTimes[i] = Timestamp.from(pacing.slot(slots.first(), i));
        }
        List<ClaimedCall> claimed = new ArrayList<>(calls.claim(kept.toArray(new UUID[0]), slotTimes,
                owner));
        admission.placed(kept.stream().filter(id -> !rows.get(id).claimedBefore()).toList());
        claimed.sort(Comparator.comparing(ClaimedCall::slotAt));
        paces.advance(trunk, pacing.after(slots.first(), kept.size()));
        flows.served(trunk, flowsServed, tenantsServed);
        for (ClaimedCall call : claimed) {
            events.publishEvent(new CallEvent.Started(call.id(), call.reference(), call.destination(),
                    call.attempts(), now));
            ClaimedCall.Did did = call.did();
            events.publishEvent(new CallEvent.Allocated(call.id(), call.reference(), did.id(), did.number(),
                    did.segment(), did.trunk(), did.selectedBy(), did.match()));
        }
        return new Taken(claimed, order.size());
    }

    /** The calls that got slots, out of how many were picked for them. */
    private record Taken(List<ClaimedCall> claimed, int picked) {
    }

    /**
     * Rotation chooses the DID of each call that has none yet, in this transaction. A call rotation refuses ends
     * unplaced, saying why. In the lock order: every tenant's pools, tenants in the order of their ids (as
     * {@code Pool.LOCK_ORDER} orders pools), then the calls that name their DID, whose rows are locked last.
     */
    private void chooseDids(Map<UUID, ClaimedCall> rows) {
        allocate(rows, false);
        allocate(rows, true);
    }

    /** Chooses the DIDs of the calls that name theirs ({@code pinned}) or of those that rotate, tenant by tenant. */
    private void allocate(Map<UUID, ClaimedCall> rows, boolean pinned) {
        Map<TenantId, List<ClaimedCall>> byTenant = new TreeMap<>(Comparator.comparing(TenantId::value));
        rows.values().stream().filter(row -> row.did() == null && (row.wantDidId() != null) == pinned)
                .forEach(row -> byTenant.computeIfAbsent(row.tenant(), t -> new ArrayList<>()).add(row));
        byTenant.forEach((tenant, waiting) -> {
            List<AllocationService.Result> results = allocations.allocateNow(tenant, waiting.stream()
                    .map(row -> new AllocationRequest(row.wantDidId(), row.wantSegment(), row.destination(),
                            row.wantFallbacks()))
                    .toList());
            for (int i = 0; i < waiting.size(); i++) {
                ClaimedCall row = waiting.get(i);
                AllocationService.Result result = results.get(i);
                if (result.refusal() != null) {
                    unplaced(row, result.refusal().getMessage());
                    continue;
                }
                Allocation allocation = result.allocation();
                ClaimedCall.Did did = new ClaimedCall.Did(allocation.did().id(),
                        allocation.did().number(), allocation.segment(), allocation.did().trunk(),
                        allocation.selectedBy().name(), allocation.match() == null ? null : allocation.match().name());
                calls.chose(row.id(), did, allocation.did().lastUsedAt());
                rows.put(row.id(), row.withDid(did));
            }
        });
    }

    /** Moves a queued call to the queue of its DID's trunk, which it waits on from now on, and says so. */
    private void moveQueued(UUID id, String trunk) {
        paces.ensure(trunk);
        flows.ensure(id, trunk);
        calls.moveQueued(id, trunk);
        notifier.notify(trunk);
    }

    /** Ends a call that will never be placed; its step is recorded (started, then failed) like any other's. */
    private void unplaced(ClaimedCall call, String reason) {
        EndedCall ended = calls.endUnplaced(call.id(), DialOutcome.NOT_PLACED, reason);
        events.publishEvent(new CallEvent.Started(call.id(), call.reference(), call.destination(), 0, ended.at()));
        events.publishEvent(ended.event());
    }

    /**
     * What a claim gave. {@code calls} to dial at their slots (database time; {@code dbNow} is the database's clock
     * when the claim read it, at {@code nanosAtDbNow} of this instance's {@link System#nanoTime}). Otherwise why
     * not: another instance is handing out the trunk's slots ({@code busy}), the cap is reached ({@code capped}:
     * look again when a call ends), or nothing is due before {@code lookAgainAt} (null: nothing is queued; look again
     * when told). {@code more}: every slot was used, there may be more to take at once.
     */
    record Claim(Instant dbNow, long nanosAtDbNow, List<ClaimedCall> calls, Instant lookAgainAt,
            boolean busy, boolean capped, boolean more) {

        static Claim heldElsewhere() {
            return new Claim(null, 0, List.of(), null, true, false, false);
        }

        static Claim atCap(Instant now, long nanosAtNow) {
            return new Claim(now, nanosAtNow, List.of(), null, false, true, false);
        }

        static Claim nothingBefore(Instant now, long nanosAtNow, Instant lookAgainAt) {
            return new Claim(now, nanosAtNow, List.of(), lookAgainAt, false, false, false);
        }

        /** When, on this instance's {@link System#nanoTime}, the database's clock reads {@code at}. */
        long nanosAt(Instant at) {
            return nanosAtDbNow + Duration.between(dbNow, at).toNanos();
        }
    }
}
