package io.didpool.dialinglimits;

import io.didpool.tenant.TenantId;

/**
 * A tenant's attempt limit changed (set, changed or removed): published once the change is committed, so that the
 * dialer re-checks the tenant's calls waiting for the limit. Not published when a PUT leaves the limit as it was.
 */
public record DialingLimitsChanged(TenantId tenant, Integer before, Integer after) {
}
