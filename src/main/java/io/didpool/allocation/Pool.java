package io.didpool.allocation;

import io.didpool.tenant.TenantId;

/**
 * The DIDs a rotation chooses from: the selectable DIDs of one tenant's segment, or of the whole tenant when
 * {@code segment} is null. Future pools (an area code, a failover chain) are further narrowings of the same idea.
 */
record Pool(TenantId tenant, String segment) {

    /**
     * The order in which one transaction takes the locks of several pools: by tenant, the tenant-wide pool before the
     * tenant's segments, then by segment. Transactions that all follow it cannot deadlock on these locks.
     */
    static final java.util.Comparator<Pool> LOCK_ORDER = java.util.Comparator
            .comparing((Pool pool) -> pool.tenant().value())
            .thenComparing(pool -> pool.segment(), java.util.Comparator.nullsFirst(
                    java.util.Comparator.<String>naturalOrder()));

    boolean tenantWide() {
        return segment == null;
    }

    /**
     * Keys of the PostgreSQL advisory locks that serialise allocation batches of this pool across every instance.
     * A tenant-wide batch locks the tenant exclusively; a segment batch locks the tenant shared and its segment
     * exclusively, so segments rotate in parallel while the tenant-wide pool, which overlaps them all, waits.
     * A hash collision only serialises more, never less.
     */
    long tenantLockKey() {
        return tenant.value().getMostSignificantBits() ^ tenant.value().getLeastSignificantBits();
    }

    int segmentLockKey() {
        return segment == null ? 0 : segment.hashCode();
    }

    int tenantLockKeyHalf() {
        long key = tenantLockKey();
        return (int) (key ^ (key >>> 32));
    }
}
