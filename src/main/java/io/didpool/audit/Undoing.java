package io.didpool.audit;

import io.didpool.tenant.TenantId;
import java.util.List;

/**
 * A feature that can undo some of its audit entries ({@code POST /api/audit/{entryId}/undo}). The audit trail finds
 * the entry (the caller's tenant's only), refuses one undone already or one no feature undoes, then calls the feature
 * that {@link #undoes} it, inside the transaction that records the undo and holds the entry locked.
 */
public interface Undoing {

    /** Whether entries of {@code entity} with {@code action} are this feature's to undo. */
    boolean undoes(AuditEntity entity, String action);

    /**
     * Undoes entry {@code entryId} of the tenant, or with {@code dryRun} says what an undo would do and changes
     * nothing. Throws {@link io.didpool.api.DomainException.Conflict} saying why when the entry cannot be undone at all.
     */
    Outcome undo(TenantId tenant, long entryId, boolean dryRun);

    /**
     * What an undo did (or would do): how many DIDs the change touched, how many were restored, and the first of
     * those skipped (changed since), each with the reason; {@code matched - reverted} were skipped in all.
     */
    record Outcome(long matched, long reverted, List<Skipped> skipped, boolean dryRun) {
    }

    /** A DID an undo left as it is, and why. */
    record Skipped(String number, String reason) {
    }
}
