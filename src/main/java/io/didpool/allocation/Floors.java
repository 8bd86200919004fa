package io.didpool.allocation;

import java.util.Map;

/**
 * Usage counts below which the pool ({@code pool}), an area code or a region of it has no DID in a selectable
 * status, as of the snapshot of the read that found them (V17): the next read of the pool starts its scans there,
 * past the dead index entries that allocations leave behind, unless a transaction that this snapshot did not see
 * changed DIDs in a way that may have put one below them.
 */
record Floors(long pool, Map<String, Long> areaCodes, Map<String, Long> regions, String snapshot) {
}
