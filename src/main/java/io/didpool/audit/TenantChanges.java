package io.didpool.audit;

import io.didpool.tenant.TenantChange;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tenants and keys are in the audit trail: recorded inside the transaction of their change. */
@Component
class TenantChanges {

    private final Audit audit;

    TenantChanges(Audit audit) {
        this.audit = audit;
    }

    @EventListener
    void created(TenantChange.TenantCreated change) {
        audit.record(change.tenant(), AuditEntity.TENANT, change.tenant().value(), "create", null,
                Map.of("name", change.name()));
    }

    @EventListener
    void keyCreated(TenantChange.KeyCreated change) {
        audit.record(change.tenant(), AuditEntity.KEY, change.keyId(), "create", null, change.after());
    }

    @EventListener
    void keyRevoked(TenantChange.KeyRevoked change) {
        audit.record(change.tenant(), AuditEntity.KEY, change.keyId(), "revoke", change.before(), change.after());
    }
}
