package io.didpool.did;

import io.didpool.tenant.TenantId;

/**
 * Published inside the transaction of a segment's rename, after the tenant's DIDs moved: every feature that stores
 * segment names of its own (journey nodes, segment policies) listens with a plain {@code @EventListener} and renames
 * them in its own table, in the same transaction, so that the rename commits or fails as a whole.
 */
public record SegmentRenamed(TenantId tenant, String from, String to) {
}
