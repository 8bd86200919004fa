package io.didpool.twilio;

import io.didpool.api.DomainException;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import io.didpool.tenant.TenantService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How many numbers a tenant may buy in any rolling 24 hours, set by the admin; none until the admin sets a limit
 * (buying spends the tenant's money). Enforced in the database: a purchase reserves its numbers in the transaction
 * that counts the tenant's last 24 hours, under a tenant-wide lock.
 */
@Service
class PurchaseLimits {

    /** The limit of a tenant the admin never set one for: no purchase at all. */
    static final int DEFAULT_PURCHASES_PER_DAY = 0;

    private final PurchaseRepository purchases;
    private final TenantService tenants;
    private final Audit audit;

    PurchaseLimits(PurchaseRepository purchases, TenantService tenants, Audit audit) {
        this.purchases = purchases;
        this.tenants = tenants;
        this.audit = audit;
    }

    Limits show(UUID tenantId) {
        TenantId tenant = existing(tenantId);
        return new Limits(purchases.limit(tenant).orElse(DEFAULT_PURCHASES_PER_DAY), purchases.boughtLastDay(tenant));
    }

    @Transactional
    Limits set(UUID tenantId, int purchasesPerDay) {
        TenantId tenant = existing(tenantId);
        Limits before = show(tenantId);
        purchases.setLimit(tenant, purchasesPerDay);
        Limits after = show(tenantId);
        audit.record(tenant, AuditEntity.TENANT, tenantId, "twilio-limits", Map.of("purchasesPerDay",
                before.purchasesPerDay()), Map.of("purchasesPerDay", after.purchasesPerDay()));
        return after;
    }

    /**
     * Reserves {@code numbers} against the tenant's limit, or refuses (409) all of them, saying how many it may still
     * buy. The reservations count from their commit; each ends bought or cancelled.
     */
    @Transactional
    List<UUID> reserve(TenantId tenant, List<String> numbers) {
        purchases.lockTenant(tenant);
        int limit = purchases.limit(tenant).orElse(DEFAULT_PURCHASES_PER_DAY);
        long used = purchases.boughtLastDay(tenant);
        if (used + numbers.size() > limit) {
            throw new DomainException.Conflict("count: the tenant may buy " + limit + " number"
                    + (limit == 1 ? "" : "s") + " in any 24 hours and bought " + used + " in the last 24 hours, so "
                    + Math.max(0, limit - used) + " more now, not " + numbers.size()
                    + (limit == 0 ? " (the admin sets the limit: PUT /api/admin/tenants/{id}/twilio-limits"
                            + " {\"purchasesPerDay\":N})" : ""));
        }
        return purchases.reserve(tenant, numbers);
    }

    void bought(UUID reservation, String sid) {
        purchases.bought(reservation, sid);
    }

    void cancel(UUID reservation) {
        purchases.cancel(reservation);
    }

    private TenantId existing(UUID id) {
        TenantId tenant = new TenantId(id);
        if (!tenants.exists(tenant)) {
            throw new DomainException.NotFound("no tenant with id " + id);
        }
        return tenant;
    }

    /** A tenant's limit and how many numbers it bought in the last 24 hours. */
    record Limits(int purchasesPerDay, long boughtLast24Hours) {
    }
}
