package io.didpool.did;

import io.didpool.tenant.TenantId;

/**
 * Published inside the transaction of a segment's rename, after the tenant's DIDs moved: every feature that stores
 * segment names of its own (journey nodes, sticky choices) listens with a plain {@code @EventListener} and renames
 * them in its own table, in the same transaction, so that the rename commits or fails as a whole. (Queued calls
 * listen to {@link SegmentRenaming}, before the DIDs move, for their lock order.) Every stored reference to a segment
 * and how it follows a rename: docs/references.md.
 */
public record SegmentRenamed(TenantId tenant, String from, String to) {
}
