package io.didpool.inbound;

import io.didpool.did.CallbackCounts;
import io.didpool.journey.ExecutionCallbacks;
import io.didpool.tenant.TenantId;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The callbacks the DID and execution answers show, counted from the inbound call records: a record that names an
 * execution is a call from a number that execution called (a callback, whatever route it then took).
 */
@Component
class InboundCallbacks implements CallbackCounts, ExecutionCallbacks {

    private final InboundCallReads reads;
    private final Clock clock;

    InboundCallbacks(InboundCallReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    /** The windows end now on the service's clock, which stamps the records ({@link InboundAgi}). */
    @Override
    public Map<UUID, Counts> of(TenantId tenant, Collection<UUID> didIds) {
        return didIds.isEmpty() ? Map.of() : reads.callbacksByDid(tenant, didIds, clock.instant());
    }

    @Override
    public Map<UUID, Long> counts(TenantId tenant, Collection<UUID> executionIds) {
        return executionIds.isEmpty() ? Map.of() : reads.callbacksByExecution(tenant, executionIds);
    }
}
