package io.didpool.dialing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who gets a trunk's next set-up slots: tenants take turns (the one served longest ago first), and inside a tenant
 * its flows (campaigns, and its single executions) take turns the same way. A tenant with one call queued therefore
 * waits for at most one slot of each other tenant, however many calls they have queued.
 */
final class FairShare {

    private FairShare() {
    }

    /** A flow with calls ready on the trunk, and when it and its tenant were last served there (null: never). */
    record Flow(UUID flowId, UUID tenantId, Instant lastServed, Instant tenantLastServed) {
    }

    /** The flow each of the next {@code slots} slots goes to, in order; a flow may come more than once. */
    static List<Flow> next(List<Flow> ready, int slots) {
        Comparator<Instant> neverFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        Map<UUID, List<Flow>> byTenant = new LinkedHashMap<>();
        ready.stream()
                .sorted(Comparator.comparing(Flow::tenantLastServed, neverFirst)
                        .thenComparing(Flow::tenantId)
                        .thenComparing(Flow::lastServed, neverFirst)
                        .thenComparing(Flow::flowId))
                .forEach(flow -> byTenant.computeIfAbsent(flow.tenantId(), t -> new ArrayList<>()).add(flow));
        List<Flow> picks = new ArrayList<>(slots);
        for (int round = 0; picks.size() < slots && !byTenant.isEmpty(); round++) {
            for (List<Flow> flows : byTenant.values()) {
                if (picks.size() == slots) {
                    break;
                }
                picks.add(flows.get(round % flows.size()));
            }
        }
        return picks;
    }
}
