package io.didpool.allocation;

import io.didpool.did.UsageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The contract's rotation policy: each allocation takes the DID with the lowest usage count, then the least recently
 * used (never used first), then the lowest number.
 *
 * <p>A batch of {@code k} allocations must end exactly as {@code k} allocations one after another would. Given the
 * pool's first {@code k} candidates in that order (no DID further down can be reached in {@code k} steps), this
 * replays the steps: a picked DID goes back with one more use and the latest "last used", behind every DID of
 * equal count that was not picked in this batch.
 */
final class LeastUsedRotation {

    private LeastUsedRotation() {
    }

    /** The outcome of a batch: which DID each of the {@code k} allocations took, in order. */
    record Plan(List<UUID> picks) {

        /** Uses per DID and the position of each DID's last pick, as the parallel arrays the update takes. */
        Writes writes() {
            java.util.LinkedHashMap<UUID, int[]> perDid = new java.util.LinkedHashMap<>();
            for (int i = 0; i < picks.size(); i++) {
                int[] usesAndLast = perDid.computeIfAbsent(picks.get(i), id -> new int[2]);
                usesAndLast[0]++;
                usesAndLast[1] = i;
            }
            UUID[] ids = perDid.keySet().toArray(new UUID[0]);
            Integer[] uses = new Integer[ids.length];
            Integer[] lastPick = new Integer[ids.length];
            int j = 0;
            for (int[] v : perDid.values()) {
                uses[j] = v[0];
                lastPick[j] = v[1];
                j++;
            }
            return new Writes(ids, uses, lastPick);
        }
    }

    record Writes(UUID[] ids, Integer[] uses, Integer[] lastPick) {
    }

    /** Candidates must be in rotation order; {@code k} at least 1; an empty pool gives an empty plan. */
    static Plan plan(List<UsageStore.Candidate> candidates, int k) {
        if (candidates.isEmpty()) {
            return new Plan(List.of());
        }
        PriorityQueue<Slot> queue = new PriorityQueue<>();
        for (int rank = 0; rank < candidates.size(); rank++) {
            UsageStore.Candidate c = candidates.get(rank);
            queue.add(new Slot(c.id(), c.usageCount(), false, rank));
        }
        List<UUID> picks = new ArrayList<>(k);
        for (int step = 0; step < k; step++) {
            Slot next = queue.poll();
            picks.add(next.id());
            queue.add(new Slot(next.id(), next.usage() + 1, true, step));
        }
        return new Plan(picks);
    }

    /**
     * Orders as the SQL does: usage, then recency. DIDs not picked in this batch keep their read order (which already
     * encodes last-used then number); a DID picked in this batch is more recent than all of them, and later picks
     * are more recent than earlier ones.
     */
    private record Slot(UUID id, long usage, boolean pickedInBatch, int order) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot o) {
            int c = Long.compare(usage, o.usage);
            if (c != 0) {
                return c;
            }
            c = Boolean.compare(pickedInBatch, o.pickedInBatch);
            return c != 0 ? c : Integer.compare(order, o.order);
        }
    }
}
