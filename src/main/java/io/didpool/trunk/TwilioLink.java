package io.didpool.trunk;

import io.didpool.tenant.TenantId;

/**
 * A trunk's Twilio Elastic SIP Trunk ({@code trunkSid}, TK…) and the tenant whose stored Twilio credentials reach it
 * ({@code tenant}; null once that tenant was deleted).
 */
public record TwilioLink(String trunkSid, TenantId tenant) {

    /** A Twilio Elastic SIP Trunk's SID. */
    public static final String TRUNK_SID = "^TK[0-9a-f]{32}$";
}
