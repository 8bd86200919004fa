package io.didpool.journey;

import io.didpool.tenant.TenantId;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * How many inbound calls answered each execution's calls (callbacks), for an execution's {@code callbacks}. Declared
 * here, implemented by the inbound feature (which depends on this one): an executions page asks once.
 */
public interface ExecutionCallbacks {

    /** Per execution of {@code executionIds} with callbacks, how many; one with none is left out. */
    Map<UUID, Long> counts(TenantId tenant, Collection<UUID> executionIds);
}
