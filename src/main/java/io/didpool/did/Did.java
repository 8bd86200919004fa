package io.didpool.did;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A DID as the contract shows it. The tenant is not part of it: every query that returns one is tenant-scoped.
 *
 * <p>{@code areaCode} comes from the number (NANP only), {@code callsLastHour} and {@code callsLastDay} count the
 * calls it was allocated to in the last 60 minutes and 24 hours, {@code answerRate} is the share answered of its last
 * outcomes (over its segment policy's {@code healthWindowCalls}; null before its first outcome).
 * {@code callbacksLastDay} and {@code callbacksLast30Days} count the calls to it in the last 24 hours and 30 days
 * that answered an earlier call of the tenant (see {@link CallbackCounts}). They are counted where the DID is read,
 * listed, created or changed and where rotation says which DID it would take; null where they are not counted: in
 * the answer of an allocation (which answers at once with the DID it took, and does not read the inbound calls
 * after its use is counted) and in a call's copy of its DID. {@code ownership}: whether its number is on the Twilio
 * account of its trunk, as last checked ({@link Ownership}); null when never checked.
 */
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
        Instant updatedAt,
        String areaCode,
        Instant restingUntil,
        long callsLastHour,
        long callsLastDay,
        BigDecimal answerRate,
        Long callbacksLastDay,
        Long callbacksLast30Days,
        Ownership ownership) {

    /** A DID as its row holds it, before V37 gave it an ownership (a call's copy of its DID): null, never checked. */
    public Did(UUID id, String number, String segment, String trunk, String status, long usageCount,
            Instant lastUsedAt, String provider, String providerSid, String friendlyName, Capabilities capabilities,
            String importSource, Instant createdAt, Instant updatedAt, String areaCode, Instant restingUntil,
            long callsLastHour, long callsLastDay, BigDecimal answerRate, Long callbacksLastDay,
            Long callbacksLast30Days) {
        this(id, number, segment, trunk, status, usageCount, lastUsedAt, provider, providerSid, friendlyName,
                capabilities, importSource, createdAt, updatedAt, areaCode, restingUntil, callsLastHour,
                callsLastDay, answerRate, callbacksLastDay, callbacksLast30Days, null);
    }

    /** A DID as its row holds it: its callbacks are counted elsewhere ({@link #withCallbacks}). */
    public Did(UUID id, String number, String segment, String trunk, String status, long usageCount,
            Instant lastUsedAt, String provider, String providerSid, String friendlyName, Capabilities capabilities,
            String importSource, Instant createdAt, Instant updatedAt, String areaCode, Instant restingUntil,
            long callsLastHour, long callsLastDay, BigDecimal answerRate) {
        this(id, number, segment, trunk, status, usageCount, lastUsedAt, provider, providerSid, friendlyName,
                capabilities, importSource, createdAt, updatedAt, areaCode, restingUntil, callsLastHour,
                callsLastDay, answerRate, null, null, null);
    }

    /** The same DID after more uses (allocations answer with the state right after their own pick). */
    public Did withUse(long usageCount, Instant lastUsedAt, long callsLastHour, long callsLastDay) {
        return new Did(id, number, segment, trunk, status, usageCount, lastUsedAt, provider, providerSid,
                friendlyName, capabilities, importSource, createdAt, updatedAt, areaCode, restingUntil,
                callsLastHour, callsLastDay, answerRate, callbacksLastDay, callbacksLast30Days, ownership);
    }

    /** The same DID with its callbacks counted. */
    Did withCallbacks(CallbackCounts.Counts counts) {
        return new Did(id, number, segment, trunk, status, usageCount, lastUsedAt, provider, providerSid,
                friendlyName, capabilities, importSource, createdAt, updatedAt, areaCode, restingUntil,
                callsLastHour, callsLastDay, answerRate, counts.lastDay(), counts.last30Days(), ownership);
    }

    /** The state or province of its area code ("CA"); null when unknown. See {@link NanpGeography}. */
    @JsonProperty("region")
    public String region() {
        return NanpGeography.region(areaCode);
    }

    /** Whether rotation may choose it now; shown in the JSON so that no client keeps its own copy of the rule. */
    @JsonProperty("selectable")
    public boolean selectable() {
        return DidRules.selectable(status, restingUntil, ownership, Instant.now());
    }

    /** What the carrier says the number can do; null fields are unknown (a DID created by hand). */
    public record Capabilities(Boolean voice, Boolean sms, Boolean mms) {
    }
}
