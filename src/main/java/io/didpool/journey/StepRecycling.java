package io.didpool.journey;

import io.didpool.dialing.DialOutcome;
import io.didpool.tenant.TenantId;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether a campaign's call that ended with {@code outcome} is tried again, as a new step of the same execution, and
 * after how long. Declared here, implemented by the campaign feature (which depends on this one); asked inside the
 * transaction that records the call's end, so that its answer and the queued retry commit together.
 */
public interface StepRecycling {

    /**
     * The delay before the contact is called again for the node, or empty when no rule of the campaign applies (none
     * for the outcome, {@code calls} — the contact's calls for the node so far, this one included — has reached its
     * maximum, or the campaign was cancelled).
     */
    Optional<Duration> retryAfter(TenantId tenant, UUID campaignId, DialOutcome outcome, int calls);
}
