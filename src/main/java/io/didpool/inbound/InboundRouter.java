package io.didpool.inbound;

import io.didpool.campaign.CampaignService;
import io.didpool.dialing.CallHistory;
import io.didpool.did.CalledNumbers;
import io.didpool.did.DidRules;
import io.didpool.journey.JourneyService;
import io.didpool.tenant.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Where a call to a DID goes; the first rule that applies wins:
 * <ol>
 * <li>the caller was called from this DID (or, per tenant setting, from any of the tenant's DIDs) within the
 *     look-back: the {@code callbackTo} of that call's campaign, else of its journey ({@code CALLBACK});
 * <li>the DID's segment's inbound route ({@code SEGMENT});
 * <li>the tenant's default route ({@code DEFAULT});
 * <li>none: refused ({@code NO_ROUTE}).
 * </ol>
 * Before them: a number that is no tenant's DID is refused ({@code UNKNOWN_NUMBER}), one that is a DID of several
 * tenants too ({@code AMBIGUOUS}). Reads only; the record is written after the answer ({@link InboundRecorder}).
 * A callback whose call's journey and campaign have no route still names the execution it answers.
 */
@Service
class InboundRouter {

    private final CalledNumbers numbers;
    private final CallHistory history;
    private final InboundSettingsService settings;
    private final JourneyService journeys;
    private final CampaignService campaigns;

    InboundRouter(CalledNumbers numbers, CallHistory history, InboundSettingsService settings,
            JourneyService journeys, CampaignService campaigns) {
        this.numbers = numbers;
        this.history = history;
        this.settings = settings;
        this.journeys = journeys;
        this.campaigns = campaigns;
    }

    /** The decision for a call to {@code calledRaw} from {@code callerRaw}, both as FastAGI sent them. */
    Decision decide(String calledRaw, String callerRaw) {
        UUID id = UUID.randomUUID();
        Optional<String> callerNumber = Numbers.e164(callerRaw);
        String caller = callerNumber.orElseGet(() -> Numbers.clean(callerRaw, 64));
        Optional<String> called = Numbers.e164(calledRaw);
        if (called.isEmpty()) {
            return refused(id, InboundDecision.UNKNOWN_NUMBER, "the number called is not a phone number", null,
                    Numbers.clean(calledRaw, 16), null, null, caller);
        }
        String did = called.get();
        List<CalledNumbers.Holder> holders = numbers.holders(did);
        if (holders.isEmpty()) {
            return refused(id, InboundDecision.UNKNOWN_NUMBER, "no tenant has a DID numbered " + did, null, did,
                    null, null, caller);
        }
        if (holders.size() > 1) {
            return refused(id, InboundDecision.AMBIGUOUS, did + " is a DID of " + (holders.size() > 2 ? "3 or more"
                    : "2") + " tenants: refused rather than routed to one of them", null, did, null, null, caller);
        }
        CalledNumbers.Holder holder = holders.get(0);
        TenantId tenant = holder.tenant();
        InboundSettings tenantSettings = settings.settings(tenant);

        UUID executionId = null;
        UUID campaignId = null;
        String unrouted = "";
        if (callerNumber.isPresent()) {
            Optional<CallHistory.LastCall> last = history.lastCall(tenant,
                    tenantSettings.matchAcross() == MatchAcross.DID ? did : null, callerNumber.get(),
                    tenantSettings.lookbackDays());
            if (last.isPresent()) {
                CallHistory.LastCall call = last.get();
                executionId = call.executionId();
                campaignId = call.campaignId();
                Optional<String> route = call.campaignId() == null ? Optional.empty()
                        : campaigns.callbackTo(tenant, call.campaignId());
                String from = "campaign " + call.campaignId();
                if (route.isEmpty() && call.journeyId() != null) {
                    route = journeys.callbackTo(tenant, call.journeyId());
                    from = "journey " + call.journeyId();
                }
                String calledFrom = call.didNumber() + " called " + callerNumber.get() + " at " + call.claimedAt()
                        + " (execution " + call.executionId() + ")";
                if (route.isPresent()) {
                    return routed(id, InboundDecision.CALLBACK, calledFrom + ": the callbackTo of " + from, holder,
                            caller, route.get(), executionId, campaignId);
                }
                unrouted = calledFrom + ", whose journey and campaign have no callbackTo; ";
            }
        }
        if (holder.segmentRoute() != null) {
            return routed(id, InboundDecision.SEGMENT, unrouted + "the inbound route of segment " + holder.segment(),
                    holder, caller, holder.segmentRoute(), executionId, campaignId);
        }
        if (tenantSettings.defaultRoute() != null) {
            return routed(id, InboundDecision.DEFAULT, unrouted + "the tenant's default route", holder, caller,
                    tenantSettings.defaultRoute(), executionId, campaignId);
        }
        return refused(id, InboundDecision.NO_ROUTE, unrouted + "no callback, segment route or default route applies",
                tenant, did, holder.didId(), holder.segment(), caller, executionId, campaignId);
    }

    /**
     * A routed decision. A number is forwarded over the DID's trunk with the DID as caller ID; an endpoint gets the
     * call with the caller's own caller ID. Both are checked again here (a route read back from the database goes
     * into a dialplan variable): a route that is not one any more is refused, saying so.
     */
    private static Decision routed(UUID id, InboundDecision decision, String reason, CalledNumbers.Holder holder,
            String caller, String route, UUID executionId, UUID campaignId) {
        if (!DidRules.isRoute(route) || !DidRules.isTrunk(holder.trunk()) || !DidRules.isNumber(holder.number())) {
            return refused(id, InboundDecision.NO_ROUTE, reason + " is not a valid route", holder.tenant(),
                    holder.number(), holder.didId(), holder.segment(), caller, executionId, campaignId);
        }
        boolean number = route.startsWith("+");
        String dialString = number ? "PJSIP/" + route + "@" + holder.trunk() : route;
        return new Decision(id, decision, reason, holder.tenant(), holder.number(), holder.didId(), holder.segment(),
                caller, route, dialString, number ? holder.number() : null, executionId, campaignId);
    }

    private static Decision refused(UUID id, InboundDecision decision, String reason, TenantId tenant, String did,
            UUID didId, String segment, String caller) {
        return refused(id, decision, reason, tenant, did, didId, segment, caller, null, null);
    }

    private static Decision refused(UUID id, InboundDecision decision, String reason, TenantId tenant, String did,
            UUID didId, String segment, String caller, UUID executionId, UUID campaignId) {
        return new Decision(id, decision, reason, tenant, did, didId, segment, caller, null, null, null, executionId,
                campaignId);
    }
}
