package io.didpool.audit;

import io.didpool.tenant.Caller;
import io.didpool.tenant.TenantId;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail's one door: a feature that changes something through the API calls {@link #record} inside the
 * transaction of the change, so that the entry commits or rolls back with it. The acting key is read from the request.
 */
@Component
public class Audit {

    private final AuditRepository entries;
    private final JsonMapper json;

    Audit(AuditRepository entries, JsonMapper json) {
        this.entries = entries;
        this.json = json;
    }

    /**
     * Records that {@code action} changed {@code entity} {@code id} of {@code tenant} (null: no tenant's data, e.g. a
     * trunk) from {@code before} to {@code after} (each serialised as JSON; null when there was none, or for a
     * change of many rows, a summary of it). {@code id} is null for a change of many entities at once. Answers the
     * entry's own id ({@code entryId} in the API).
     */
    public long record(TenantId tenant, AuditEntity entity, Object id, String action, Object before, Object after) {
        Caller actor = Caller.current();
        return entries.insert(tenant == null ? null : tenant.value(), actor, entity.value(),
                id == null ? null : id.toString(), action, asJson(before), asJson(after));
    }

    private String asJson(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }
}
