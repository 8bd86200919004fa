package io.didpool.suppression;

import io.didpool.api.DomainException;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's do-not-call list through the API: every change is in the audit trail, in the change's transaction. */
@Service
class SuppressionService {

    /** Problems an import answer lists (it counts them all). */
    static final int MAX_PROBLEMS_LISTED = 100;

    private final SuppressionRepository entries;
    private final Audit audit;

    SuppressionService(SuppressionRepository entries, Audit audit) {
        this.entries = entries;
        this.audit = audit;
    }

    Page list(TenantId tenant, String q, int page, int size) {
        return new Page(entries.list(tenant, q, page, size), entries.count(tenant, q), page, size);
    }

    /** Adds the number to the list, or replaces its entry's reason and expiry. */
    @Transactional
    SuppressedNumber put(TenantId tenant, String number, String reason, Instant expiresAt) {
        SuppressedNumber before = entries.find(tenant, number, true).orElse(null);
        SuppressedNumber after = entries.put(tenant, number, reason, expiresAt);
        audit.record(tenant, AuditEntity.SUPPRESSION, number, before == null ? "create" : "update",
                before == null ? null : audited(before), audited(after));
        return after;
    }

    /** Takes the number off the list; 404 when it is not on it. */
    @Transactional
    void delete(TenantId tenant, String number) {
        SuppressedNumber before = entries.find(tenant, number, true)
                .orElseThrow(() -> new DomainException.NotFound("no suppressed number " + number));
        entries.delete(tenant, number);
        audit.record(tenant, AuditEntity.SUPPRESSION, number, "delete", audited(before), null);
    }

    @Transactional(readOnly = true)
    void export(TenantId tenant, Writer out) {
        try (SuppressionCsv.Export csv = new SuppressionCsv.Export(out)) {
            entries.forEach(tenant, csv::write);
        }
    }

    /**
     * Imports {@code number[,reason,expiresAt]} rows: new numbers are added, listed ones get the row's reason and
     * expiry (an empty cell, or a column the file lacks, clears it). Invalid rows are listed and skipped; the valid
     * ones are written in one transaction, and audited as one change.
     */
    @Transactional
    ImportResult importCsv(TenantId tenant, InputStream csv) throws IOException {
        SuppressionCsv.Parsed parsed = SuppressionCsv.read(csv);
        int valid = parsed.numbers.size();
        int created = valid == 0 ? 0 : entries.upsert(tenant, parsed.numbers.toArray(String[]::new),
                parsed.reasons.toArray(String[]::new), parsed.expiresAt.toArray(Timestamp[]::new));
        List<SuppressionCsv.Problem> problems = parsed.problems;
        ImportResult result = new ImportResult(parsed.rows, created, valid - created, problems.size(),
                List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED))));
        if (valid > 0) {
            audit.record(tenant, AuditEntity.SUPPRESSION, null, "csv-import", null, Map.of("rows", result.fetched(),
                    "created", result.created(), "updated", result.updated(), "failed", result.failed()));
        }
        return result;
    }

    /** What the audit trail keeps of an entry: what an API call can change. */
    private static Map<String, Object> audited(SuppressedNumber entry) {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("number", entry.number());
        kept.put("reason", entry.reason());
        kept.put("expiresAt", entry.expiresAt() == null ? null : entry.expiresAt().toString());
        return kept;
    }

    record Page(List<SuppressedNumber> items, long total, int page, int size) {
    }

    record ImportResult(long fetched, long created, long updated, long failed, List<SuppressionCsv.Problem> errors) {
    }
}
