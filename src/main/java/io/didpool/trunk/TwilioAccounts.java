package io.didpool.trunk;

import io.didpool.tenant.TenantId;

/**
 * Whether a tenant has Twilio credentials stored, for a trunk's {@link TwilioLink}: declared here, implemented by the
 * Twilio feature (which depends on trunks, not the other way round).
 */
public interface TwilioAccounts {

    boolean hasCredentials(TenantId tenant);
}
