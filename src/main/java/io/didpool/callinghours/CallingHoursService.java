package io.didpool.callinghours;

import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The calling hours of tenants, journeys and campaigns. A campaign's own hours replace its journey's, a journey's
 * replace its tenant's, and a tenant that never set any has didpool's shipped default ({@link ShippedHours}). Every
 * change is in the audit trail ({@code calling_hours} entries, id the tenant's, journey's or campaign's), in the
 * change's transaction. Journeys and campaigns keep their hours here through the public methods below; the hours they
 * are given are validated here, their errors named under {@code callingHours}.
 */
@Service
public class CallingHoursService {

    /** Where a journey's or a campaign's hours are in its request body. */
    static final String OVERRIDE_FIELD = "callingHours";

    private final CallingHoursRepository hours;
    private final Audit audit;

    private final ApplicationEventPublisher events;

    CallingHoursService(CallingHoursRepository hours, Audit audit, ApplicationEventPublisher events) {
        this.events = events;
        this.hours = hours;
        this.audit = audit;
    }

    /** The hours in force for calls of the journey's execution ({@code campaignId} null: not in a campaign). */
    public CallingWindows windows(TenantId tenant, UUID journeyId, UUID campaignId) {
        return HoursCalendar.of(effective(tenant, journeyId, campaignId));
    }

    /**
     * The hours in force for calls of the journey's execution: the campaign's own, else the journey's, else the
     * tenant's, else the shipped default. One statement.
     */
    CallingHours effective(TenantId tenant, UUID journeyId, UUID campaignId) {
        return hours.effective(tenant, journeyId, campaignId).orElse(ShippedHours.HOURS);
    }

    /** The tenant's hours: its own, or the shipped default when it never set any. */
    CallingHoursJson tenantHours(TenantId tenant) {
        return CallingHoursJson.of(hours.find(tenant, Scope.TENANT, tenant.value(), false)
                .orElse(ShippedHours.HOURS));
    }

    /** Replaces the tenant's hours (400 naming each problem); audited whether or not they changed. */
    @Transactional
    CallingHoursJson replaceTenant(TenantId tenant, CallingHoursJson requested) {
        CallingHours after = requested.toHours("");
        CallingHours before = hours.find(tenant, Scope.TENANT, tenant.value(), true).orElse(null);
        hours.put(tenant, Scope.TENANT, tenant.value(), after);
        // "before" null: the tenant had the shipped default
        audit.record(tenant, AuditEntity.CALLING_HOURS, tenant.value(), before == null ? "create" : "update",
                json(before), json(after));
        events.publishEvent(new CallingHoursChanged(tenant));
        return CallingHoursJson.of(after);
    }

    /** The journey's own hours; null when it inherits its tenant's. */
    public CallingHoursJson ofJourney(TenantId tenant, UUID journeyId) {
        return json(hours.find(tenant, Scope.JOURNEY, journeyId, false).orElse(null));
    }

    /** The own hours of those of the journeys that have any, by journey id. */
    public Map<UUID, CallingHoursJson> ofJourneys(TenantId tenant, Collection<UUID> journeyIds) {
        return json(hours.findAll(tenant, Scope.JOURNEY, journeyIds));
    }

    /** The campaign's own hours; null when it inherits its journey's. */
    public CallingHoursJson ofCampaign(TenantId tenant, UUID campaignId) {
        return json(hours.find(tenant, Scope.CAMPAIGN, campaignId, false).orElse(null));
    }

    /** The own hours of those of the campaigns that have any, by campaign id. */
    public Map<UUID, CallingHoursJson> ofCampaigns(TenantId tenant, Collection<UUID> campaignIds) {
        return json(hours.findAll(tenant, Scope.CAMPAIGN, campaignIds));
    }

    /**
     * Gives the journey {@code requested} as its own hours, or (null) lets it inherit its tenant's again: 400 naming
     * {@code callingHours.…} for invalid hours. Joins the journey's transaction; audited when they change.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CallingHoursJson replaceJourney(TenantId tenant, UUID journeyId, CallingHoursJson requested) {
        return replace(tenant, Scope.JOURNEY, journeyId, requested);
    }

    /** The journey is being deleted: its hours go with it. Joins the deletion's transaction; audited. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void removeJourney(TenantId tenant, UUID journeyId) {
        replace(tenant, Scope.JOURNEY, journeyId, null);
    }

    /** The new campaign's own hours (null: it inherits its journey's), as {@link #replaceJourney}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public CallingHoursJson replaceCampaign(TenantId tenant, UUID campaignId, CallingHoursJson requested) {
        return replace(tenant, Scope.CAMPAIGN, campaignId, requested);
    }

    private CallingHoursJson replace(TenantId tenant, Scope scope, UUID id, CallingHoursJson requested) {
        CallingHours after = requested == null ? null : requested.toHours(OVERRIDE_FIELD);
        CallingHours before = hours.find(tenant, scope, id, true).orElse(null);
        if (Objects.equals(before, after)) {
            return json(after);
        }
        if (after == null) {
            hours.delete(tenant, scope, id);
        } else {
            hours.put(tenant, scope, id, after);
        }
        String prefix = scope.name().toLowerCase() + "-";
        String action = before == null ? "create" : after == null ? "delete" : "update";
        audit.record(tenant, AuditEntity.CALLING_HOURS, id, prefix + action, json(before), json(after));
        events.publishEvent(new CallingHoursChanged(tenant));
        return json(after);
    }

    private static CallingHoursJson json(CallingHours hours) {
        return hours == null ? null : CallingHoursJson.of(hours);
    }

    private static Map<UUID, CallingHoursJson> json(Map<UUID, CallingHours> hours) {
        Map<UUID, CallingHoursJson> answered = new java.util.HashMap<>();
        hours.forEach((id, own) -> answered.put(id, CallingHoursJson.of(own)));
        return answered;
    }
}
