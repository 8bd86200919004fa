package io.didpool.dialing;

import io.didpool.did.DidService;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.Trunk;
import io.didpool.trunk.TrunkService;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The trunks as one tenant sees them: the ones its DIDs name and the configured ones open to it, each with its
 * limits (shared by every tenant) and the tenant's own calls on it. Another tenant's calls are never counted here,
 * so a tenant learns nothing of the others' activity.
 */
@Service
class TenantTrunks {

    private final TrunkService trunks;
    private final DidService dids;
    private final DialQueue queue;

    TenantTrunks(TrunkService trunks, DidService dids, DialQueue queue) {
        this.trunks = trunks;
        this.dids = dids;
        this.queue = queue;
    }

    List<TenantTrunk> of(TenantId tenant) {
        Map<String, Long> didCounts = dids.countsByTrunk(tenant);
        return trunks.usableBy(tenant, didCounts.keySet()).stream()
                .map(trunk -> view(tenant, trunk, didCounts.getOrDefault(trunk.name(), 0L)))
                .toList();
    }

    private TenantTrunk view(TenantId tenant, Trunk trunk, long didCount) {
        return new TenantTrunk(trunk.name(), trunk.callsPerSecond(), trunk.maxConcurrentCalls(), trunk.configured(),
                didCount, queue.callsInProgress(tenant, trunk.name()), queue.queued(tenant, trunk.name()));
    }

    /**
     * One trunk for one tenant: its limits ({@code configured} false: never set, the defaults), how many of the
     * tenant's DIDs name it, and the tenant's calls in progress (ringing included) and waiting for a set-up slot.
     */
    record TenantTrunk(String name, double callsPerSecond, Integer maxConcurrentCalls, boolean configured,
            long didCount, long callsInProgress, long queued) {
    }
}
