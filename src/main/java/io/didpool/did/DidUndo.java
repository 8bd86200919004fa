package io.didpool.did;

import io.didpool.api.DomainException;
import io.didpool.audit.AuditEntity;
import io.didpool.audit.Undoing;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkService;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Undo of a bulk change or a CSV import of DIDs, from what {@link DidChangeLog} logged of it: the rule of what is
 * restored and what is skipped is there. The audit trail calls it (in its transaction, the entry locked).
 */
@Component
class DidUndo implements Undoing {

    /** The audit actions of the changes that can be undone. */
    static final String BULK_UPDATE = "bulk-update";
    static final String CSV_IMPORT = "csv-import";
    private static final Set<String> UNDONE = Set.of(BULK_UPDATE, CSV_IMPORT);

    private final DidChangeLog changes;
    private final TrunkService trunks;

    DidUndo(DidChangeLog changes, TrunkService trunks) {
        this.changes = changes;
        this.trunks = trunks;
    }

    @Override
    public boolean undoes(AuditEntity entity, String action) {
        return entity == AuditEntity.DID && UNDONE.contains(action);
    }

    @Override
    public Outcome undo(TenantId tenant, long entryId, boolean dryRun) {
        if (!changes.logged(tenant, entryId)) {
            throw new DomainException.Conflict("entry " + entryId + " cannot be undone: it was recorded before didpool"
                    + " kept each DID's values with a change");
        }
        // a DID goes back to its trunk only if the tenant may still use that trunk
        List<String> closed = changes.trunksLeft(tenant, entryId).stream()
                .filter(trunk -> !trunks.isOpenTo(tenant, trunk)).toList();
        DidChangeLog.Reverted reverted = changes.revert(tenant, entryId, closed, dryRun);
        if (!dryRun) {
            changes.forget(tenant, entryId);
        }
        return new Outcome(reverted.matched(), reverted.reverted(), reverted.skipped(), dryRun);
    }
}
