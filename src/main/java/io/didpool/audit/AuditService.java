package io.didpool.audit;

import io.didpool.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Reading the audit trail: a tenant reads its own entries; the admin token reads everyone's. */
@Service
class AuditService {

    private final AuditRepository entries;

    AuditService(AuditRepository entries) {
        this.entries = entries;
    }

    Page ofTenant(TenantId tenant, AuditEntity entity, String id, int page, int size) {
        return page(new Query(tenant.value(), false, entity == null ? null : entity.value(), id), page, size);
    }

    /** Every tenant's entries and the admin's own (no tenant), or one tenant's when {@code tenant} is set. */
    Page ofEveryone(UUID tenant, AuditEntity entity, String id, int page, int size) {
        return page(new Query(tenant, tenant == null, entity == null ? null : entity.value(), id), page, size);
    }

    private Page page(Query query, int page, int size) {
        return new Page(entries.find(query, page, size), entries.count(query), page, size);
    }

    record Query(UUID tenant, boolean allTenants, String entity, String id) {
    }

    /** One change: when, by which key, of what, and its state before and after. */
    record Entry(Instant at, UUID tenantId, Key key, String entity, String id, String action, JsonNode before,
            JsonNode after) {
    }

    /** The acting key: its id and name then; id null and name "admin" for the admin token. */
    record Key(UUID id, String name) {
    }

    record Page(List<Entry> items, long total, int page, int size) {
    }
}
