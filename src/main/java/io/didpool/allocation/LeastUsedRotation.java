package io.didpool.allocation;

import io.didpool.did.NanpGeography;
import io.didpool.did.SegmentPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The contract's rotation, narrowed by the segment's policy. Each allocation takes, in this order: the DID its
 * destination got last time ({@link Match#STICKY}, with {@code stickyDays}); with {@code localPresence}, the next DID
 * of the destination's area code ({@link Match#AREA_CODE}), then of its region ({@link Match#REGION}); then the next
 * DID of the pool ({@link Match#ANY}). "Next" is the seed's order: the lowest usage count, then the least recently
 * used (never used first), then the lowest number. A DID at one of its caps is skipped at every level.
 *
 * <p>A batch of {@code k} allocations must end exactly as {@code k} allocations one after another would, each with
 * its own destination, in arrival order. This replays them on the candidates the batch read: a picked DID goes back
 * with one more use and the latest "last used", behind every DID of equal count not picked in this batch, and leaves
 * every level once it reaches a cap.
 *
 * <p>Enough candidates: at any step, at most {@code k - 1} DIDs were picked, so the next DID of the pool is among its
 * first {@code k} (the head); the next of an area code or region is among its rows in the head plus its next rows
 * beyond, as many as the batch has destinations in that region (every such destination picks at most once), because
 * other destinations pick from the head or from their own region. A destination whose sticky DID serves it whatever
 * the batch does (in the pool, selectable, and under its caps by more than the batch's allocations) picks from no
 * level, so on a first read the database leaves it out of those counts; only it knows which these are, and it says
 * how many rows of each level it read. The exceptions are sticky picks, which may take those rows too, and DIDs
 * already at a cap when read (an area code and a region are read past them, but the head is not). So when a level has
 * no row left among those it read that is neither picked nor capped, but may have more, the replay stops and asks for
 * more of that level ({@link MoreCandidatesNeeded}), and the batch reads again.
 */
final class LeastUsedRotation {

    private LeastUsedRotation() {
    }

    /**
     * One allocation's choice: the DID and the level that matched; {@code did} null when nothing was usable, or
     * ({@code passedOn}) when nothing was within the allocation's {@link Reach} (the request tries the next pool).
     */
    record Pick(UUID did, Match match, boolean passedOn) {

        static final Pick PASSED_ON = new Pick(null, null, true);

        Pick(UUID did, Match match) {
            this(did, match, false);
        }
    }

    /**
     * The outcome of a batch: each allocation's pick, in order, and how many allocations with local presence found
     * nothing in their area code and region and went on to the pool ({@code localFellThrough}).
     */
    record Plan(List<Pick> picks, int localFellThrough) {

        boolean tookAny() {
            return picks.stream().anyMatch(p -> p.did() != null);
        }
    }

    /** The level a replay could not decide on the candidates read: read more of it and replay again. */
    static final class MoreCandidatesNeeded extends RuntimeException {
        /** The level, as {@link Growth} names it. */
        final String level;

        MoreCandidatesNeeded(String level) {
            super("more candidates needed for " + level, null, false, false);
            this.level = level;
        }
    }

    /**
     * How much more than its first reckoning each level reads after replays asked for more of it: four times as much
     * each time, and only the level that asked, so that a re-read for one used-up area code does not read (and count
     * the calls of) four times the whole batch.
     */
    static final class Growth {
        static final String POOL = "the pool";
        private final Map<String, Integer> factors = new HashMap<>();

        static String areaCode(String areaCode) {
            return "area code " + areaCode;
        }

        static String region(String region) {
            return "region " + region;
        }

        int of(String level) {
            return factors.getOrDefault(level, 1);
        }

        void grow(String level) {
            factors.merge(level, 4, (a, b) -> a * b);
        }

        /** Whether no replay has asked for more yet: the batch's first read. */
        boolean first() {
            return factors.isEmpty();
        }
    }

    /**
     * What a batch with these destinations reads. The head is one row per allocation, but with local presence one per
     * allocation without an area code and one per four with one (the head serves only {@link Match#ANY}, which most
     * of them never reach; a batch whose ANY picks outrun it reads again), that guess raised to what fell through to
     * the pool in the pool's previous batch here ({@code fellThroughBefore}) and a quarter more: once caps have used
     * up the busiest area codes and their regions, most of a batch falls through, and a head sized by the guess alone
     * was read again for one batch in seven. Beyond the head, each area code and region of a destination, with the
     * growth that replays asked of it ({@code growth}); the database sizes those parts from the destinations
     * ({@link CandidateReadSql}: on a first read it leaves out those that keep their sticky DIDs for sure, which only
     * it knows) and answers the sizes it read. The scans start at {@code floors} (null: at the beginning) if they
     * still hold.
     */
    static CandidateRead read(Pool pool, SegmentPolicy policy, Map<String, SegmentPolicy> caps,
            List<String> destinations, Growth growth, Floors floors, int fellThroughBefore) {
        return read(pool, policy, caps, destinations, anyReach(destinations), growth, floors, fellThroughBefore);
    }

    /** Every allocation of the batch to any DID: today's rotation. */
    static List<Reach> anyReach(List<String> destinations) {
        return java.util.Collections.nCopies(destinations.size(), Reach.ANY);
    }

    /**
     * {@link #read} of allocations each with its {@link Reach}: one that looks for its area code reads it (and its
     * region) whatever the pool's policy says of local presence.
     */
    static CandidateRead read(Pool pool, SegmentPolicy policy, Map<String, SegmentPolicy> caps,
            List<String> destinations, List<Reach> reaches, Growth growth, Floors floors, int fellThroughBefore) {
        Map<String, Integer> areaCodes = new LinkedHashMap<>();
        Map<String, Integer> regions = new LinkedHashMap<>();
        List<String> sticky = new ArrayList<>();
        List<String> localDestinations = new ArrayList<>();
        for (int i = 0; i < destinations.size(); i++) {
            String destination = destinations.get(i);
            if (destination == null) {
                continue;
            }
            if (policy.stickyDays() > 0) {
                sticky.add(destination);
            }
            String areaCode = NanpGeography.areaCode(destination);
            if (areaCode != null && reaches.get(i).under(policy).local(policy)) {
                localDestinations.add(destination);
                areaCodes.putIfAbsent(areaCode, growth.of(Growth.areaCode(areaCode)));
                String region = NanpGeography.region(areaCode);
                if (region != null) {
                    regions.putIfAbsent(region, growth.of(Growth.region(region)));
                }
            }
        }
        int local = localDestinations.size();
        int localHead = Math.min(local, Math.max((local + 3) / 4, fellThroughBefore + (fellThroughBefore + 3) / 4));
        int head = destinations.size() - local + localHead;
        return new CandidateRead(pool.tenant(), pool.segment(), growth.of(Growth.POOL) * head, areaCodes,
                regions, localDestinations, sticky, policy.stickyDays(), caps, destinations.size(), floors,
                growth.first());
    }

    /** Replays the batch's allocations, one per destination (null: unknown), in order. */
    static Plan plan(CandidateRead read, Candidates candidates, SegmentPolicy policy,
            List<String> destinations) {
        return plan(read, candidates, policy, destinations, anyReach(destinations));
    }

    /**
     * {@link #plan} of allocations each with its {@link Reach}: one that finds nothing within it passes on
     * ({@link Pick#PASSED_ON}), counting nothing.
     */
    static Plan plan(CandidateRead read, Candidates candidates, SegmentPolicy policy,
            List<String> destinations, List<Reach> reaches) {
        Replay replay = new Replay(read, candidates);
        List<Pick> picks = new ArrayList<>(destinations.size());
        int localFellThrough = 0;
        Map<String, UUID> lastDid = new HashMap<>(candidates.sticky());
        for (int step = 0; step < destinations.size(); step++) {
            String destination = destinations.get(step);
            Pick pick = null;
            if (policy.stickyDays() > 0 && destination != null) {
                UUID sticky = lastDid.get(destination);
                if (sticky != null && replay.usable(sticky)) {
                    pick = new Pick(sticky, Match.STICKY);
                }
            }
            String areaCode = NanpGeography.areaCode(destination);
            Reach reach = reaches.get(step).under(policy);
            boolean local = reach.local(policy);
            if (pick == null && local && areaCode != null) {
                pick = replay.next(Growth.areaCode(areaCode), replay.byAreaCode.get(areaCode),
                        candidates.areaCodeRows().get(areaCode), candidates.areaLimits().get(areaCode),
                        c -> areaCode.equals(c.areaCode()), Match.AREA_CODE);
                String region = NanpGeography.region(areaCode);
                if (pick == null && region != null && reach != Reach.AREA_CODE) {
                    pick = replay.next(Growth.region(region), replay.byRegion.get(region),
                            candidates.regionRows().get(region), candidates.regionLimits().get(region),
                            c -> region.equals(c.region()), Match.REGION);
                }
            }
            if (pick == null && reach != Reach.ANY) {
                picks.add(Pick.PASSED_ON);
                continue;
            }
            if (pick == null) {
                if (local && areaCode != null) {
                    localFellThrough++;
                }
                pick = replay.next(Growth.POOL, replay.all, Set.of(), null, c -> true, Match.ANY);
            }
            if (pick == null) {
                picks.add(new Pick(null, null));
                continue;
            }
            replay.take(pick.did(), step);
            picks.add(pick);
            if (destination != null) {
                lastDid.put(destination, pick.did());
            }
        }
        return new Plan(picks, localFellThrough);
    }

    /** The state of the candidates while a batch is replayed. */
    private static final class Replay {
        private final Map<UUID, Slot> slots = new HashMap<>();
        private final Map<UUID, Candidate> byId = new HashMap<>();
        private final Map<UUID, Integer> picked = new HashMap<>();
        private final TreeSet<Slot> all = new TreeSet<>();
        private final Map<String, TreeSet<Slot>> byAreaCode = new HashMap<>();
        private final Map<String, TreeSet<Slot>> byRegion = new HashMap<>();
        private final Candidates candidates;
        private final int headLimit;

        Replay(CandidateRead read, Candidates candidates) {
            this.candidates = candidates;
            this.headLimit = read.head();
            for (Candidate c : candidates.all()) {
                byId.put(c.id(), c);
                Slot slot = new Slot(c.id(), c.usageCount(), false, c.rank());
                slots.put(c.id(), slot);
                if (c.underCaps(0)) {
                    add(c, slot);
                }
            }
        }

        boolean usable(UUID did) {
            Candidate c = byId.get(did);
            return c != null && c.underCaps(picked.getOrDefault(did, 0));
        }

        /**
         * The level's next usable DID, or null when it has none. {@code beyondHead} are the rows read for the level
         * beyond the pool's head, {@code limit} how many were asked for (null for the pool itself, read as its head);
         * {@code inLevel} tells the head's rows of the level. When every row of the level's known first rows has been
         * picked and the level may have more, the read was too short for this batch.
         */
        Pick next(String level, TreeSet<Slot> usable, Set<UUID> beyondHead, Integer limit,
                Predicate<Candidate> inLevel, Match match) {
            Set<UUID> beyond = beyondHead == null ? Set.of() : beyondHead;
            boolean mayHaveMore = limit == null ? candidates.head().size() == headLimit : beyond.size() == limit;
            if (mayHaveMore && beyond.stream().allMatch(this::spent) && candidates.head().stream()
                    .filter(id -> inLevel.test(byId.get(id))).allMatch(this::spent)) {
                throw new MoreCandidatesNeeded(level);
            }
            return usable == null || usable.isEmpty() ? null : new Pick(usable.first().id(), match);
        }

        /** Picked in this batch, or at a cap when read: not the level's next unpicked DID. */
        private boolean spent(UUID id) {
            return picked.containsKey(id) || !byId.get(id).underCaps(0);
        }

        void take(UUID did, int step) {
            Candidate c = byId.get(did);
            remove(c, slots.get(did));
            int uses = picked.merge(did, 1, Integer::sum);
            Slot now = new Slot(did, c.usageCount() + uses, true, step);
            slots.put(did, now);
            if (c.underCaps(uses)) {
                add(c, now);
            }
        }

        private void add(Candidate c, Slot slot) {
            all.add(slot);
            if (c.areaCode() != null) {
                byAreaCode.computeIfAbsent(c.areaCode(), k -> new TreeSet<>()).add(slot);
                String region = c.region();
                if (region != null) {
                    byRegion.computeIfAbsent(region, k -> new TreeSet<>()).add(slot);
                }
            }
        }

        private void remove(Candidate c, Slot slot) {
            all.remove(slot);
            if (c.areaCode() != null) {
                byAreaCode.getOrDefault(c.areaCode(), new TreeSet<>()).remove(slot);
                String region = c.region();
                if (region != null) {
                    byRegion.getOrDefault(region, new TreeSet<>()).remove(slot);
                }
            }
        }
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
            if (c != 0) {
                return c;
            }
            c = Integer.compare(order, o.order);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }
}
