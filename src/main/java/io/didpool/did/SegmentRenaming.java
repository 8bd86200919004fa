package io.didpool.did;

import io.didpool.tenant.TenantId;

/**
 * Published inside the transaction of a segment's rename before the tenant's DIDs move, for features whose rows that
 * name the segment are locked before DIDs by their own work: a queued call's row is locked when it gets its set-up
 * slot, then rotation locks DIDs for it, so the rename must lock the calls first too, or the two deadlock. Everything
 * else listens to {@link SegmentRenamed}. See docs/references.md.
 */
public record SegmentRenaming(TenantId tenant, String from, String to) {
}
