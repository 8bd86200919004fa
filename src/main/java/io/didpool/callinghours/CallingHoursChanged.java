package io.didpool.callinghours;

import io.didpool.tenant.TenantId;

/**
 * The calling hours of the tenant, or of one of its journeys or campaigns, changed; published in the change's
 * transaction, so that queued calls are given their windows again with the change.
 */
public record CallingHoursChanged(TenantId tenant) {
}
