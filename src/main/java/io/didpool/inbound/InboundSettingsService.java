package io.didpool.inbound;

import io.didpool.api.FieldRefused;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's inbound settings: read by inbound routing on every call, changed through the API. A change is in the
 * audit trail, in the change's transaction.
 */
@Service
class InboundSettingsService {

    static final int MIN_LOOKBACK_DAYS = 1;
    /** The longest look-back: as the table's check (V32) allows. */
    static final int MAX_LOOKBACK_DAYS = 365;
    static final String LOOKBACK_MESSAGE = "must be a whole number of days from " + MIN_LOOKBACK_DAYS + " to "
            + MAX_LOOKBACK_DAYS;

    private final InboundSettingsRepository settings;
    private final Audit audit;

    InboundSettingsService(InboundSettingsRepository settings, Audit audit) {
        this.settings = settings;
        this.audit = audit;
    }

    /** The tenant's settings, or {@link InboundSettings#DEFAULTS} when it never set any: one primary-key read. */
    InboundSettings settings(TenantId tenant) {
        return settings.find(tenant).orElse(InboundSettings.DEFAULTS);
    }

    /**
     * Replaces the tenant's settings whole. A change is audited; a PUT of the settings as they are changes nothing
     * and records nothing.
     */
    @Transactional
    InboundSettings put(TenantId tenant, InboundSettings wanted) {
        DidRules.route("defaultRoute", wanted.defaultRoute());
        if (wanted.lookbackDays() < MIN_LOOKBACK_DAYS || wanted.lookbackDays() > MAX_LOOKBACK_DAYS) {
            throw new FieldRefused("lookbackDays", LOOKBACK_MESSAGE + "; got " + wanted.lookbackDays());
        }
        settings.lockSettings(tenant);
        InboundSettings before = settings(tenant);
        if (!before.equals(wanted)) {
            settings.save(tenant, wanted);
            audit.record(tenant, AuditEntity.INBOUND, null, "update", before, wanted);
        }
        return wanted;
    }
}
