package io.didpool.campaign;

import io.didpool.api.DomainException;
import io.didpool.callinghours.CallingHoursJson;
import io.didpool.callinghours.CallingHoursService;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.dialing.DialQueue;
import io.didpool.dialing.FlowActivity;
import io.didpool.did.DidRules;
import io.didpool.journey.ExecutionService;
import io.didpool.journey.ExecutionStatus;
import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Campaigns: one journey run for a list of contacts. Its executions are queued in one transaction with it, as one
 * flow of the dial queue, so that a tenant's campaigns (and its single executions) take turns on a trunk, and pausing
 * or cancelling it is one statement whatever its size.
 */
@Service
public class CampaignService {

    private final CampaignRepository campaigns;
    private final ExecutionService executions;
    private final DialQueue calls;
    private final CallingHoursService callingHours;
    private final RecycleRules rules;
    private final CampaignViews views;
    private final FlowActivity activity;
    private final Audit audit;

    CampaignService(CampaignRepository campaigns, ExecutionService executions, DialQueue calls,
            CallingHoursService callingHours, RecycleRules rules, CampaignViews views, FlowActivity activity,
            Audit audit) {
        this.campaigns = campaigns;
        this.executions = executions;
        this.calls = calls;
        this.callingHours = callingHours;
        this.rules = rules;
        this.views = views;
        this.activity = activity;
        this.audit = audit;
    }

    /**
     * Queues the journey once per distinct contact (in the order given); 422 for a journey the tenant lacks. The
     * campaign's own calling hours (null: its journey's) are stored first, so that no call is claimed without them;
     * so is its callback route (null: none of its own), 400 when it is no route, and so are its recycle rules
     * (checked by {@link RecycleRule#of}).
     */
    @Transactional
    Campaign create(TenantId tenant, UUID journeyId, String name, List<String> contacts, CallingHoursJson hours,
            String callbackTo, List<RecycleRule> recycle) {
        DidRules.route("callbackTo", callbackTo);
        if (!executions.journeyExists(tenant, journeyId)) {
            throw new DomainException.UnresolvedReference("journeyId: no journey with id " + journeyId);
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(contacts));
        UUID id = UUID.randomUUID();
        campaigns.insert(tenant, id, journeyId, name.strip(), distinct.size(), callbackTo);
        callingHours.replaceCampaign(tenant, id, hours);
        rules.replace(id, recycle);
        executions.queueAll(tenant, journeyId, id, distinct);
        return get(tenant, id);
    }

    Campaign get(TenantId tenant, UUID id) {
        return views.of(tenant, List.of(campaigns.find(tenant, id, false).orElseThrow(() -> notFound(id)))).get(0);
    }

    CampaignPage list(TenantId tenant, int page, int size) {
        return new CampaignPage(views.of(tenant, campaigns.list(tenant, page, size)), campaigns.count(tenant), page,
                size);
    }

    /**
     * The campaign's recycle rules from now on (an empty list: none), audited: they apply to its calls that end from
     * now on; retries already queued keep their time. 409 once the campaign is cancelled or done.
     */
    @Transactional
    Campaign recycle(TenantId tenant, UUID id, List<RecycleRule> recycle) {
        lockedInStatus(tenant, id, "given recycle rules", CampaignStatus.RUNNING, CampaignStatus.PAUSED);
        List<RecycleRule> before = rules.of(List.of(id)).getOrDefault(id, List.of());
        rules.replace(id, recycle);
        audit.record(tenant, AuditEntity.CAMPAIGN, id, "recycle", Map.of("recycle", before),
                Map.of("recycle", rules.of(List.of(id)).getOrDefault(id, List.of())));
        return get(tenant, id);
    }

    /** The campaign's calls by the DID they were placed from: calls, answered, and the share answered. */
    DidUsage dids(TenantId tenant, UUID id) {
        campaigns.find(tenant, id, false).orElseThrow(() -> notFound(id));
        return new DidUsage(activity.didUse(id));
    }

    /**
     * The route of a call back from a number the campaign called: used by inbound routing (it wins over the
     * journey's). One primary-key read; empty when the campaign is gone (or another tenant's) or has none.
     */
    public Optional<String> callbackTo(TenantId tenant, UUID campaignId) {
        return campaigns.callbackTo(tenant, campaignId);
    }

    /**
     * The numbers the campaign calls, each once (its contacts, a contact listed twice once); empty when the tenant has
     * no such campaign. For reports on a campaign's destinations (coverage).
     */
    public Optional<List<String>> contactNumbers(TenantId tenant, UUID campaignId) {
        return campaigns.find(tenant, campaignId, false).map(c -> executions.contactNumbers(c.id()));
    }

    ExecutionService.ExecutionPage executions(TenantId tenant, UUID id, ExecutionStatus status, int page, int size) {
        campaigns.find(tenant, id, false).orElseThrow(() -> notFound(id));
        return executions.list(tenant, null, id, status, page, size);
    }

    /** No new call of the campaign starts; calls in progress go on. */
    @Transactional
    Campaign pause(TenantId tenant, UUID id) {
        CampaignRepository.Row campaign = lockedInStatus(tenant, id, "paused", CampaignStatus.RUNNING,
                CampaignStatus.PAUSED);
        if (campaign.status() == CampaignStatus.RUNNING) {
            calls.pause(id);
            campaigns.setStatus(id, CampaignStatus.PAUSED);
        }
        return get(tenant, id);
    }

    @Transactional
    Campaign resume(TenantId tenant, UUID id) {
        CampaignRepository.Row campaign = lockedInStatus(tenant, id, "resumed", CampaignStatus.RUNNING,
                CampaignStatus.PAUSED);
        if (campaign.status() == CampaignStatus.PAUSED) {
            calls.resume(id);
            campaigns.setStatus(id, CampaignStatus.RUNNING);
        }
        return get(tenant, id);
    }

    /** Every execution whose call has not started is cancelled; calls in progress finish. */
    @Transactional
    Campaign cancel(TenantId tenant, UUID id) {
        CampaignRepository.Row campaign = lockedInStatus(tenant, id, "cancelled", CampaignStatus.RUNNING,
                CampaignStatus.PAUSED, CampaignStatus.CANCELLED);
        if (campaign.status() != CampaignStatus.CANCELLED) {
            cancelLocked(id);
        }
        return get(tenant, id);
    }

    /**
     * Cancels every campaign of the journey that is running or paused, as {@link #cancel} does; a running one with
     * nothing left (shown DONE) stays done. Joins the deletion's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void cancelAllOf(TenantId tenant, UUID journeyId) {
        for (CampaignRepository.Row campaign : campaigns.ofJourneyForUpdate(tenant, journeyId)) {
            if (status(campaign, executions.countByStatus(campaign.id())) != CampaignStatus.DONE) {
                cancelLocked(campaign.id());
            }
        }
    }

    private void cancelLocked(UUID id) {
        executions.cancelCampaign(id);
        calls.resume(id);
        campaigns.setStatus(id, CampaignStatus.CANCELLED);
    }

    private CampaignRepository.Row lockedInStatus(TenantId tenant, UUID id, String verb, CampaignStatus... allowed) {
        CampaignRepository.Row campaign = campaigns.find(tenant, id, true).orElseThrow(() -> notFound(id));
        CampaignStatus status = status(campaign, executions.countByStatus(id));
        if (!List.of(allowed).contains(status)) {
            throw new DomainException.Conflict("campaign " + id + " is " + status + ": it cannot be " + verb);
        }
        return campaign;
    }

    /** A running campaign with nothing queued or running is done. */
    static CampaignStatus status(CampaignRepository.Row row, Map<ExecutionStatus, Long> counts) {
        boolean finished = counts.get(ExecutionStatus.QUEUED) == 0 && counts.get(ExecutionStatus.RUNNING) == 0;
        return row.status() == CampaignStatus.RUNNING && finished ? CampaignStatus.DONE : row.status();
    }

    private static DomainException notFound(UUID id) {
        return new DomainException.NotFound("no campaign with id " + id);
    }

    record CampaignPage(List<Campaign> items, long total, int page, int size) {
    }

    /** {@code GET /api/campaigns/{id}/dids}: its calls by DID, most calls first. */
    record DidUsage(List<FlowActivity.DidUse> items) {
    }
}
