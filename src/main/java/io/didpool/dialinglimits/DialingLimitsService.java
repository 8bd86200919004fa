package io.didpool.dialinglimits;

import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's attempt limit through the API: a change is in the audit trail, in the change's transaction, and is
 * announced ({@link DialingLimitsChanged}) once committed, for the dialer to re-check the calls that wait for it.
 */
@Service
class DialingLimitsService {

    /** The largest limit accepted: beyond it a limit means nothing, and the claim's count stays a short scan. */
    static final int MAX_CALLS_PER_CONTACT_PER_DAY = 1000;

    private final DialingLimitsRepository limits;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;

    DialingLimitsService(DialingLimitsRepository limits, Audit audit, ApplicationEventPublisher events,
            TransactionTemplate transactions) {
        this.limits = limits;
        this.audit = audit;
        this.events = events;
        this.transactions = transactions;
    }

    DialingLimits get(TenantId tenant) {
        return new DialingLimits(limits.limit(tenant).orElse(null));
    }

    /**
     * Sets the tenant's limit (null: none). A change is audited and, after its commit, published; a PUT of the same
     * value changes nothing and records nothing.
     */
    DialingLimits put(TenantId tenant, Integer maxCallsPerContactPerDay) {
        DialingLimits before = transactions.execute(status -> {
            limits.lockSetting(tenant);
            DialingLimits was = new DialingLimits(limits.limit(tenant).orElse(null));
            if (!Objects.equals(was.maxCallsPerContactPerDay(), maxCallsPerContactPerDay)) {
                limits.setLimit(tenant, maxCallsPerContactPerDay);
                audit.record(tenant, AuditEntity.DIALING_LIMITS, null, "update", audited(was),
                        audited(new DialingLimits(maxCallsPerContactPerDay)));
            }
            return was;
        });
        if (!Objects.equals(before.maxCallsPerContactPerDay(), maxCallsPerContactPerDay)) {
            events.publishEvent(new DialingLimitsChanged(tenant, before.maxCallsPerContactPerDay(),
                    maxCallsPerContactPerDay));
        }
        return new DialingLimits(maxCallsPerContactPerDay);
    }

    private static Map<String, Object> audited(DialingLimits limits) {
        Map<String, Object> kept = new java.util.LinkedHashMap<>();
        kept.put("maxCallsPerContactPerDay", limits.maxCallsPerContactPerDay());
        return kept;
    }

    /** The tenant's dialing limits, as the API shows them. */
    record DialingLimits(Integer maxCallsPerContactPerDay) {
    }
}
