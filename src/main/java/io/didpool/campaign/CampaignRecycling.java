package io.didpool.campaign;

import io.didpool.dialing.DialOutcome;
import io.didpool.journey.StepRecycling;
import io.didpool.tenant.TenantId;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A campaign's recycle rules, applied when one of its calls ends: a contact whose call rang out or met a busy line is
 * called again after the rule's delay while it has had fewer calls for the node than the rule's maximum. A cancelled
 * campaign recycles nothing; a paused one queues its retries, which wait for its resumption as all its calls do.
 */
@Component
class CampaignRecycling implements StepRecycling {

    private final RecycleRules rules;

    CampaignRecycling(RecycleRules rules) {
        this.rules = rules;
    }

    @Override
    public Optional<Duration> retryAfter(TenantId tenant, UUID campaignId, DialOutcome outcome, int calls) {
        return Arrays.stream(RecycleRule.RecycleOutcome.values())
                .filter(o -> o.name().equals(outcome.name()))
                .findFirst()
                .flatMap(o -> rules.forRetry(tenant, campaignId, o))
                .filter(rule -> calls < rule.maxAttempts())
                .map(rule -> Duration.ofMinutes(rule.afterMinutes()));
    }
}
