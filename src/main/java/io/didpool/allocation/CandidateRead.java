package io.didpool.allocation;

import io.didpool.did.SegmentPolicy;
import io.didpool.tenant.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a batch reads of its pool (the selectable DIDs of the tenant's {@code segment}, or of the whole tenant for
 * null), each part the first rows in rotation order:
 *
 * @param head               the pool's first rows
 * @param areaCodes          the area codes read beyond the head, each with its growth: 1, times 4 each time a replay
 *                           asked for more of it (the database sizes each part, CandidateReadSql.levelLimits)
 * @param regions            the regions read beyond the head, each with its growth
 * @param localDestinations  the destinations of the batch's allocations with local presence and an area code, from
 *                           whose counts the database sizes the area codes and regions
 * @param stickyDestinations destinations whose last DID of this segment (within {@code stickyDays}) is wanted
 * @param caps               the caps of each segment whose DIDs may be in the pool (segments without caps left
 *                           out); the calls of the DIDs read are counted where a cap applies
 * @param allocations        how many allocations the batch makes: calls are counted exactly for the DIDs that
 *                           many calls would bring to a cap
 * @param floors             where the scans may start, if nothing lowered them since (null: at the beginning)
 * @param trimLocal          whether the database leaves out of those counts the destinations that keep their sticky
 *                           DIDs for sure (a batch's first read; one read again after a replay asked for more of a
 *                           level counts them all)
 */
record CandidateRead(TenantId tenant, String segment, int head, Map<String, Integer> areaCodes,
        Map<String, Integer> regions, List<String> localDestinations, Collection<String> stickyDestinations,
        int stickyDays,
        Map<String, SegmentPolicy> caps, int allocations, Floors floors, boolean trimLocal) {
}
