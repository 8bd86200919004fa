package io.didpool.allocation;

import io.didpool.api.DomainException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * No pool tried had a DID that rotation may choose now. Says why, per segment tried: how many DIDs were at a cap,
 * resting, or not selectable by their status; the totals are also members of the problem details.
 */
class NothingSelectableException extends DomainException.Conflict {

    /** Why one pool ({@code segment}, null for all of the tenant's DIDs) gave nothing. */
    record Refusal(String segment, RefusalCounts.Unusable unusable) {
    }

    private final long capped;
    private final long resting;
    private final long notSelectable;

    NothingSelectableException(List<Refusal> refusals) {
        super(message(refusals));
        this.capped = refusals.stream().mapToLong(r -> r.unusable().capped()).sum();
        this.resting = refusals.stream().mapToLong(r -> r.unusable().resting()).sum();
        this.notSelectable = refusals.stream().mapToLong(r -> r.unusable().notSelectable()).sum();
    }

    public long capped() {
        return capped;
    }

    public long resting() {
        return resting;
    }

    public long notSelectable() {
        return notSelectable;
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("capped", capped);
        properties.put("resting", resting);
        properties.put("notSelectable", notSelectable);
        return properties;
    }

    private static String message(List<Refusal> refusals) {
        return refusals.stream().map(NothingSelectableException::why).collect(Collectors.joining("; "));
    }

    private static String why(Refusal refusal) {
        RefusalCounts.Unusable u = refusal.unusable();
        String pool = refusal.segment() == null ? "no usable DID among the tenant's DIDs"
                : "no usable DID in segment " + refusal.segment();
        long total = u.capped() + u.resting() + u.notSelectable();
        if (total == 0) {
            return pool + ": it has no DID";
        }
        return pool + ": " + u.capped() + " at their cap of calls, " + u.resting() + " resting, "
                + u.notSelectable() + " not selectable (status other than active or available, or NOT_ON_ACCOUNT)";
    }
}
