package io.didpool.dialing;

import io.didpool.trunk.Trunk;
import io.didpool.trunk.TrunkService;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out a trunk's set-up slots, in one short transaction under the lock of the trunk's pace row, so that across
 * every instance the trunk's pace and concurrency cap hold and its slots go to tenants and flows in turn.
 */
@Component
class SlotClaims {

    private final DialRepository calls;
    private final TrunkService trunks;
    private final DialingProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    SlotClaims(DialRepository calls, TrunkService trunks, DialingProperties properties,
            TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.calls = calls;
        this.trunks = trunks;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
    }

    /** Takes the slots of {@code trunk} due now for calls that are ready, for {@code owner} to dial. */
    Claim claim(String trunk, String owner) {
        return transactions.execute(status -> {
            DialRepository.PaceRow pace = calls.lockPace(trunk).orElse(null);
            if (pace == null) {
                return Claim.heldElsewhere();
            }
            Instant now = pace.now();
            Trunk limits = trunks.get(trunk);
            int room = properties.maxClaim();
            if (limits.maxConcurrentCalls() != null) {
                room = (int) Math.min(room, Math.max(0, limits.maxConcurrentCalls() - calls.dialing(trunk)));
                if (room == 0) {
                    return Claim.atCap(now);
                }
            }
            Pacing pacing = Pacing.of(limits.callsPerSecond(), properties);
            Pacing.Slots slots = pacing.due(pace.nextSlot(), now, room);
            if (slots.count() == 0) {
                return Claim.nothingBefore(now, slots.lookAgainAt());
            }
            List<FairShare.Flow> ready = new ArrayList<>();
            Instant nextReady = null;
            for (DialRepository.FlowRow row : calls.flows(trunk)) {
                if (row.firstReady() == null) {
                    continue;
                }
                if (row.firstReady().isAfter(now)) {
                    nextReady = nextReady == null || row.firstReady().isBefore(nextReady) ? row.firstReady() : nextReady;
                } else {
                    ready.add(row.flow());
                }
            }
            List<DialRepository.Claimed> claimed = take(trunk, owner, now, pacing, slots,
                    FairShare.next(ready, slots.count()));
            if (claimed.isEmpty()) {
                return Claim.nothingBefore(now, nextReady);
            }
            for (DialRepository.Claimed call : claimed) {
                events.publishEvent(new CallEvent.Started(call.id(), call.reference(), call.destination(),
                        call.attempts(), now));
            }
            return new Claim(now, claimed, null, false, false, claimed.size() == slots.count());
        });
    }

    /** Gives the slots to the next calls of the picked flows, in pick order, and records the turns taken. */
    private List<DialRepository.Claimed> take(String trunk, String owner, Instant now, Pacing pacing,
            Pacing.Slots slots, List<FairShare.Flow> picks) {
        Map<UUID, Integer> wanted = new LinkedHashMap<>();
        picks.forEach(pick -> wanted.merge(pick.flowId(), 1, Integer::sum));
        Map<UUID, Deque<UUID>> available = new HashMap<>();
        wanted.forEach((flow, n) -> available.put(flow, new ArrayDeque<>(calls.readyCalls(trunk, flow, now, n))));
        List<UUID> ids = new ArrayList<>();
        Map<UUID, Instant> flowsServed = new HashMap<>();
        Map<UUID, Instant> tenantsServed = new HashMap<>();
        for (FairShare.Flow pick : picks) {
            UUID id = available.get(pick.flowId()).poll();
            if (id != null) {
                // the order of this claim's picks carries over to the next claim's turns
                Instant servedAt = now.plusNanos(ids.size() * 1000L);
                ids.add(id);
                flowsServed.put(pick.flowId(), servedAt);
                tenantsServed.put(pick.tenantId(), servedAt);
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Timestamp[] slotTimes = new Timestamp[ids.size()];
        for (int i = 0; i < slotTimes.length; i++) {
            slotTimes[i] = Timestamp.from(pacing.slot(slots.first(), i));
        }
        List<DialRepository.Claimed> claimed = new ArrayList<>(calls.claim(ids.toArray(new UUID[0]), slotTimes,
                owner));
        claimed.sort(Comparator.comparing(DialRepository.Claimed::slotAt));
        calls.advancePace(trunk, pacing.after(slots.first(), ids.size()));
        calls.served(trunk, flowsServed, tenantsServed);
        return claimed;
    }

    /**
     * What a claim gave. {@code calls} to dial at their slots (database time; {@code dbNow} is the database's clock
     * when the claim read it). Otherwise why not: another instance is handing out the trunk's slots ({@code busy}),
     * the cap is reached ({@code capped}: look again when a call ends), or nothing is due before
     * {@code lookAgainAt} (null: nothing is queued; look again when told). {@code more}: every slot was used, there
     * may be more to take at once.
     */
    record Claim(Instant dbNow, List<DialRepository.Claimed> calls, Instant lookAgainAt, boolean busy, boolean capped,
            boolean more) {

        static Claim heldElsewhere() {
            return new Claim(null, List.of(), null, true, false, false);
        }

        static Claim atCap(Instant now) {
            return new Claim(now, List.of(), null, false, true, false);
        }

        static Claim nothingBefore(Instant now, Instant lookAgainAt) {
            return new Claim(now, List.of(), lookAgainAt, false, false, false);
        }
    }
}
