package io.didpool.coverage;

import io.didpool.api.DomainException;
import io.didpool.campaign.CampaignService;
import io.didpool.tenant.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where a tenant's DIDs are, and where its calls will go: its DIDs counted by area code or region, and a list of
 * destinations (a campaign's contacts, or a list given) set against the local DIDs that local presence would choose
 * from, with the keys that have none (the gaps).
 */
@Service
class CoverageService {

    private final CoverageRepository coverage;
    private final CampaignService campaigns;

    CoverageService(CoverageRepository coverage, CampaignService campaigns) {
        this.coverage = coverage;
        this.campaigns = campaigns;
    }

    /** The DIDs of the segment (null: all the tenant's) by key. */
    @Transactional(readOnly = true)
    Coverage.Report report(TenantId tenant, String segment, CoverageBy by) {
        return new Coverage.Report(by, coverage.rows(tenant, segment, by));
    }

    /**
     * The destinations ({@code campaignId}'s contacts, else {@code numbers}), each once, by key, against the
     * selectable DIDs of that key in the segment and its fallbacks (no segment: all the tenant's DIDs). 422 when the
     * tenant has no such campaign.
     */
    @Transactional(readOnly = true)
    Coverage.Contacts contacts(TenantId tenant, CoverageBy by, String segment, List<String> fallbackSegments,
            UUID campaignId, List<String> numbers) {
        List<String> segments = segments(segment, fallbackSegments);
        List<String> destinations = campaignId == null ? numbers : campaigns.contactNumbers(tenant, campaignId)
                .orElseThrow(() -> new DomainException.UnresolvedReference(
                        "campaignId: no campaign with id " + campaignId));
        Map<String, Long> byKey = new TreeMap<>();
        long unplaced = 0;
        LinkedHashSet<String> distinct = new LinkedHashSet<>(destinations);
        for (String number : distinct) {
            String key = by.keyOf(number);
            if (key == null) {
                unplaced++;
            } else {
                byKey.merge(key, 1L, Long::sum);
            }
        }
        Map<String, Long> local = coverage.selectableByKey(tenant, segments, by);
        List<Coverage.ContactRow> rows = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        byKey.forEach((key, count) -> {
            long dids = local.getOrDefault(key, 0L);
            rows.add(new Coverage.ContactRow(key, count, dids, dids == 0 ? null
                    : BigDecimal.valueOf(count).divide(BigDecimal.valueOf(dids), 2, RoundingMode.HALF_UP)));
            if (dids == 0) {
                gaps.add(key);
            }
        });
        return new Coverage.Contacts(by, distinct.size(), unplaced, rows, gaps);
    }

    /** The segment and then its fallbacks, each once; null (every DID of the tenant) without a segment. */
    private static List<String> segments(String segment, List<String> fallbackSegments) {
        boolean fallbacks = fallbackSegments != null && !fallbackSegments.isEmpty();
        if (segment == null) {
            if (fallbacks) {
                throw new DomainException.InvalidRequest(
                        "fallbackSegments: name a segment first; without one every DID of the tenant counts");
            }
            return null;
        }
        LinkedHashSet<String> all = new LinkedHashSet<>();
        all.add(segment);
        if (fallbacks) {
            all.addAll(fallbackSegments);
        }
        return List.copyOf(all);
    }
}
