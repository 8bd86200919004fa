package io.didpool.suppression;

import io.didpool.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * What the modules that call numbers ask of a tenant's do-not-call list: which of these numbers are suppressed now.
 * Asked when executions are queued (journey) and when the dialer claims calls (dialing); one statement each time, one
 * primary-key probe per number. An entry suppresses until it is removed, or until its {@code expiresAt} by the
 * database's clock.
 */
@Service
public class Suppression {

    private final SuppressionRepository entries;

    Suppression(SuppressionRepository entries) {
        this.entries = entries;
    }

    /**
     * Of the numbers, each called for the tenant at the same index of {@code tenants}, those suppressed now: their
     * index, and the reason the entry gives ("" when it gives none). Empty when none is.
     */
    public Map<Integer, String> suppressedAmong(List<TenantId> tenants, List<String> numbers) {
        if (numbers.isEmpty()) {
            return Map.of();
        }
        return entries.activeAmong(tenants.stream().map(TenantId::value).toArray(UUID[]::new),
                numbers.toArray(String[]::new));
    }

    /** Why a call to a suppressed number is not made, as an execution or a call shows it. */
    public static String why(String reason) {
        return reason == null || reason.isEmpty() ? "suppressed" : "suppressed: " + reason;
    }
}
