package io.didpool.audit;

import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Reading the audit trail: a tenant reads its own entries; the admin token reads everyone's. Undoing an entry: the
 * feature that made the change ({@link Undoing}) undoes it; the undo is an entry of its own, and the entry it undid
 * names it ({@code undoneBy}), so that it is undone once.
 */
@Service
class AuditService {

    /** What an undo's own entry is called; it cannot be undone in turn. */
    static final String UNDO = "undo";

    private final AuditRepository entries;
    private final Audit audit;
    private final List<Undoing> undoings;

    AuditService(AuditRepository entries, Audit audit, List<Undoing> undoings) {
        this.entries = entries;
        this.audit = audit;
        this.undoings = undoings;
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

    /**
     * Undoes the tenant's entry {@code entryId}, or says what an undo would do ({@code dryRun}: changes nothing, no
     * entry). 404 for an unknown entry or another tenant's; 409 saying why for an entry no feature undoes, an undo,
     * or an entry undone already. The entry's row is locked until the undo commits: two undos of it at once (on two
     * instances too) run one after the other, and the second is refused.
     */
    @Transactional
    Undoing.Outcome undo(TenantId tenant, long entryId, boolean dryRun) {
        AuditRepository.Undoable entry = entries.forUndo(tenant.value(), entryId, !dryRun)
                .orElseThrow(() -> new DomainException.NotFound("no audit entry with id " + entryId));
        if (UNDO.equals(entry.action())) {
            throw new DomainException.Conflict("entry " + entryId + " is an undo; an undo cannot be undone");
        }
        AuditEntity entity = AuditEntity.of(entry.entity()).orElseThrow();
        Undoing undoing = undoings.stream().filter(u -> u.undoes(entity, entry.action())).findFirst()
                .orElseThrow(() -> new DomainException.Conflict("entry " + entryId + " (" + entity.value() + " "
                        + entry.action() + ") cannot be undone: only a bulk change of DIDs (bulk-update) and a CSV"
                        + " import of DIDs (csv-import) can"));
        if (entry.undoneBy() != null) {
            throw new DomainException.Conflict("entry " + entryId + " was undone already, by entry "
                    + entry.undoneBy());
        }
        Undoing.Outcome outcome = undoing.undo(tenant, entryId, dryRun);
        if (!dryRun) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("entryId", entryId);
            after.put("action", entry.action());
            after.put("matched", outcome.matched());
            after.put("reverted", outcome.reverted());
            after.put("skipped", outcome.matched() - outcome.reverted());
            entries.markUndone(entryId, audit.record(tenant, entity, null, UNDO, null, after));
        }
        return outcome;
    }

    record Query(UUID tenant, boolean allTenants, String entity, String id) {
    }

    /**
     * One change: its own id ({@code entryId}), when, by which key, of what ({@code id}: the changed thing's), its
     * state before and after, and the entry that undid it (null: none).
     */
    record Entry(long entryId, Instant at, UUID tenantId, Key key, String entity, String id, String action,
            JsonNode before, JsonNode after, Long undoneBy) {
    }

    /** The acting key: its id and name then; id null and name "admin" for the admin token. */
    record Key(UUID id, String name) {
    }

    record Page(List<Entry> items, long total, int page, int size) {
    }
}
