package io.didpool.journey;

import io.didpool.tenant.TenantId;
import java.util.UUID;

/**
 * Published inside the transaction of a journey's deletion, before its row goes and only once nothing of it is left
 * in flight or its deletion was asked to cancel that work ({@code ?cancelExecutions=true}). Features that keep
 * something running for a journey (campaigns) listen with a plain {@code @EventListener} and stop it, in the same
 * transaction. What they keep of it (campaigns, executions) stays readable: the journey's id is then history. See
 * docs/references.md.
 */
public record JourneyDeleted(TenantId tenant, UUID journeyId) {
}
