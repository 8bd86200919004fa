package io.didpool.campaign;

import io.didpool.journey.JourneyDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Follows a journey's deletion for {@code campaigns.journey_id}: the journey's running and paused campaigns are
 * cancelled (queued calls cancelled, calls in progress finish), in the deletion's transaction (the event is published
 * inside it, only when the deletion was asked to cancel what is in flight or nothing is). The campaigns stay, readable,
 * naming the deleted journey's id. The contract of every stored reference is in docs/references.md.
 */
@Component
class JourneyDeletions {

    private final CampaignService campaigns;

    JourneyDeletions(CampaignService campaigns) {
        this.campaigns = campaigns;
    }

    @EventListener
    void deleted(JourneyDeleted event) {
        campaigns.cancelAllOf(event.tenant(), event.journeyId());
    }
}
