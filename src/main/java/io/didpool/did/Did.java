package io.didpool.did;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** A DID as the contract shows it. The tenant is not part of it: every query that returns one is tenant-scoped. */
public record Did(
        UUID id,
        String number,
        String segment,
        String trunk,
        String status,
        long usageCount,
        Instant lastUsedAt,
        String provider,
        String providerSid,
        String friendlyName,
        Capabilities capabilities,
        String importSource,
        Instant createdAt,
        Instant updatedAt) {

    /** The same DID with other usage figures (allocations answer with the state right after their own pick). */
    public Did withUsage(long usageCount, Instant lastUsedAt) {
        return new Did(id, number, segment, trunk, status, usageCount, lastUsedAt, provider, providerSid,
                friendlyName, capabilities, importSource, createdAt, updatedAt);
    }

    /** Whether rotation may choose it now; shown in the JSON so that no client keeps its own copy of the rule. */
    @JsonProperty("selectable")
    public boolean selectable() {
        return DidRules.SELECTABLE_STATUSES.contains(status);
    }

    /** What the carrier says the number can do; null fields are unknown (a DID created by hand). */
    public record Capabilities(Boolean voice, Boolean sms, Boolean mms) {
    }
}
