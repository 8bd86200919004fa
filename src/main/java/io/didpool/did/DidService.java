package io.didpool.did;

import io.didpool.api.DomainException;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkService;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The DID inventory of a tenant. Other features look DIDs and segments up through here. Every change made through
 * the API is recorded in the audit trail in its own transaction.
 */
@Service
public class DidService {

    /** Problems listed in one import's answer; {@code failed} still counts them all. */
    static final int MAX_PROBLEMS_LISTED = 1000;

    private final DidRepository dids;
    private final DidImportRepository imports;
    private final CsvImportRepository csvImports;
    private final DidChangeLog changeLog;
    private final Audit audit;
    private final JsonMapper json;
    private final TrunkService trunks;
    private final SegmentRepository segments;
    private final ObjectProvider<CallbackCounts> callbacks;

    DidService(DidRepository dids, DidImportRepository imports, CsvImportRepository csvImports,
            DidChangeLog changeLog, Audit audit, JsonMapper json, TrunkService trunks, SegmentRepository segments,
            ObjectProvider<CallbackCounts> callbacks) {
        this.dids = dids;
        this.csvImports = csvImports;
        this.changeLog = changeLog;
        this.callbacks = callbacks;
        this.segments = segments;
        this.imports = imports;
        this.audit = audit;
        this.json = json;
        this.trunks = trunks;
    }

    DidPage list(TenantId tenant, DidFilter filter, DidSort sort, int page, int size) {
        return new DidPage(withCallbacks(tenant, dids.find(tenant, filter, sort, page, size)),
                dids.count(tenant, filter), page, size);
    }

    /**
     * The DIDs with their callbacks counted, in one query for all of them; 0 when no feature counts callbacks (the
     * inbound feature implements {@link CallbackCounts}: this one cannot depend on it).
     */
    public List<Did> withCallbacks(TenantId tenant, List<Did> page) {
        CallbackCounts counts = callbacks.getIfAvailable();
        if (counts == null || page.isEmpty()) {
            return page;
        }
        Map<UUID, CallbackCounts.Counts> byDid = counts.of(tenant, page.stream().map(Did::id).toList());
        return page.stream().map(d -> d.withCallbacks(byDid.getOrDefault(d.id(), CallbackCounts.Counts.NONE)))
                .toList();
    }

    private Did withCallbacks(TenantId tenant, Did did) {
        return withCallbacks(tenant, List.of(did)).get(0);
    }

    public Optional<Did> find(TenantId tenant, UUID id) {
        return dids.findById(tenant, id);
    }

    /** The DID as the API shows it, its callbacks counted ({@link #find} leaves them out: it serves lookups). */
    Did get(TenantId tenant, UUID id) {
        return withCallbacks(tenant, find(tenant, id).orElseThrow(() -> notFound(id)));
    }

    /** Creates the DID; 422 when its trunk is not open to the tenant, 409 when the number is already a DID. */
    @Transactional
    Did create(TenantId tenant, DidRequests.CreateDid request) {
        String trunk = request.trunk() == null ? DidRules.DEFAULT_TRUNK : request.trunk();
        trunks.requireOpenTo(tenant, trunk);
        Did created;
        try {
            created = dids.insert(tenant, new DidRepository.NewDid(
                    request.number(),
                    request.segment(),
                    trunk,
                    request.status() == null ? DidRules.DEFAULT_STATUS : request.status(),
                    request.friendlyName()));
        } catch (DuplicateKeyException e) {
            throw new DomainException.Conflict("number " + request.number() + " is already a DID of this tenant");
        }
        // a new DID (a new id) has answered no call yet
        created = created.withCallbacks(CallbackCounts.Counts.NONE);
        audit.record(tenant, AuditEntity.DID, created.id(), "create", null, created);
        return created;
    }

    @Transactional
    Did update(TenantId tenant, UUID id, DidRequests.UpdateDid request) {
        Map<String, Object> changes = new LinkedHashMap<>(columns(request));
        if (changes.containsKey("trunk")) {
            trunks.requireOpenTo(tenant, (String) changes.get("trunk"));
        }
        if (request.has("friendlyName")) {
            changes.put("friendly_name", request.friendlyName());
        }
        if (request.has("restingUntil")) {
            changes.put("resting_until", request.restingUntil() == null ? null
                    : java.sql.Timestamp.from(instant("restingUntil", request.restingUntil())));
        }
        Did before = get(tenant, id);
        if (changes.isEmpty()) {
            return before;
        }
        Did after = withCallbacks(tenant, dids.update(tenant, id, changes).orElseThrow(() -> notFound(id)));
        audit.record(tenant, AuditEntity.DID, id, "update", before, after);
        return after;
    }

    @Transactional
    void delete(TenantId tenant, UUID id) {
        Did before = get(tenant, id);
        if (!dids.delete(tenant, id)) {
            throw notFound(id);
        }
        audit.record(tenant, AuditEntity.DID, id, "delete", before, null);
    }

    /**
     * Sets segment, status and/or trunk on every DID the filter matches, in one statement and one transaction; a dry
     * run says how many match and how many would change. The audit trail gets one entry for the whole change: the
     * filter, what was set, the counts, and how many of the changed DIDs had each previous value; each changed DID's
     * values are logged with it ({@link DidChangeLog}), so that it can be undone.
     */
    @Transactional
    BulkResult bulk(TenantId tenant, DidFilter filter, DidRequests.UpdateDid set, boolean dryRun) {
        Map<String, String> columns = columns(set);
        if (columns.isEmpty()) {
            throw new DomainException.InvalidRequest("set: give at least one of segment, status, trunk");
        }
        if (columns.containsKey("trunk")) {
            trunks.requireOpenTo(tenant, columns.get("trunk"));
        }
        if (dryRun) {
            DidRepository.BulkOutcome preview = dids.bulkPreview(tenant, filter, columns);
            return new BulkResult(preview.matched(), preview.changed(), true);
        }
        UUID changeId = UUID.randomUUID();
        DidRepository.BulkOutcome outcome = dids.bulkUpdate(tenant, filter, columns, changeId);
        if (outcome.changed() > 0) {
            Map<String, Object> before = new LinkedHashMap<>();
            outcome.before().forEach((column, summary) ->
                    before.put(column, summary == null ? null : json.readTree(summary)));
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("filter", filter.described());
            after.put("set", columns);
            after.put("matched", outcome.matched());
            after.put("changed", outcome.changed());
            changeLog.link(changeId, audit.record(tenant, AuditEntity.DID, null, DidUndo.BULK_UPDATE, before, after));
        }
        return new BulkResult(outcome.matched(), outcome.changed(), false);
    }

    /**
     * Writes the filtered DIDs to {@code out} as CSV, reading them through a cursor: 50,000 DIDs never sit in memory
     * at once. Holds one read-only transaction (and connection) while the answer is written.
     */
    @Transactional(readOnly = true)
    void export(TenantId tenant, DidFilter filter, DidSort sort, Writer out) {
        try (DidCsv.Export csv = new DidCsv.Export(out)) {
            dids.forEach(tenant, filter, sort, csv::write);
        }
    }

    /**
     * Imports a CSV file of DIDs, in UTF-8: new numbers become DIDs, existing ones get the row's values. Rows that are
     * invalid (a cell not valid UTF-8 too) are listed (row number and reason) and skipped; the valid ones are all
     * written, in statements of {@link CsvImportRepository#CSV_STATEMENT_ROWS} rows and one transaction, or none is.
     * The answer says, per field, how many DIDs change, and shows the first changed DIDs before and after. A dry run
     * writes nothing and says what would change. An import is audited with each DID it changed or created logged
     * ({@link DidChangeLog}), so that it can be undone.
     */
    @Transactional
    CsvImportResult importCsv(TenantId tenant, InputStream csv, boolean dryRun) throws IOException {
        DidCsv.Parsed parsed = DidCsv.read(csv, trunk -> trunks.isOpenTo(tenant, trunk));
        UUID changeId = UUID.randomUUID();
        CsvImportRepository.Outcome outcome = parsed.valid() == 0 ? CsvImportRepository.Outcome.NONE
                : dryRun ? csvImports.preview(tenant, parsed.columns())
                : csvImports.upsert(tenant, parsed.columns(), changeId);
        List<ImportedNumber.Problem> problems = parsed.problems();
        CsvImportResult result = new CsvImportResult(parsed.rows(), outcome.created(), outcome.updated(),
                parsed.valid() - outcome.created() - outcome.updated(), problems.size(),
                List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED))), dryRun,
                outcome.changes(), outcome.sample());
        if (!dryRun && outcome.created() + outcome.updated() > 0) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("rows", result.fetched());
            after.put("created", result.created());
            after.put("updated", result.updated());
            after.put("failed", result.failed());
            after.put("changes", result.changes());
            changeLog.link(changeId, audit.record(tenant, AuditEntity.DID, null, DidUndo.CSV_IMPORT, null, after));
        }
        return result;
    }

    /** The tenant's segments that hold at least one DID or are declared, sorted. */
    public List<String> segments(TenantId tenant) {
        return dids.segments(tenant);
    }

    public boolean hasSegment(TenantId tenant, String segment) {
        return segments(tenant).contains(segment);
    }

    /** {@link UnknownSegment#message} among the tenant's segments: "no segment named 'x' …; did you mean 'y'?". */
    public String unknownSegment(TenantId tenant, String name) {
        return UnknownSegment.message(name, segments(tenant));
    }

    /** A segment the tenant does not have, named in a path or as the subject of a report: 404. */
    public DomainException.NotFound segmentNotFound(TenantId tenant, String name) {
        return new DomainException.NotFound(unknownSegment(tenant, name));
    }

    /**
     * The first of {@code names} (in order) that is not a segment of the tenant, as the 422 of a reference that does
     * not resolve, naming {@code field}; empty when all are segments. One read of the tenant's segments.
     */
    public Optional<DomainException.UnresolvedReference> unresolvedSegment(TenantId tenant, String field,
            java.util.Collection<String> names) {
        List<String> known = segments(tenant);
        return names.stream().filter(n -> n != null && !known.contains(n)).findFirst()
                .map(n -> new DomainException.UnresolvedReference(field + ": " + UnknownSegment.message(n, known)));
    }

    /** How many of the tenant's DIDs name this trunk. */
    public long countOnTrunk(TenantId tenant, String trunk) {
        return dids.countOnTrunk(tenant, trunk);
    }

    /** How many of the tenant's DIDs name each trunk, by trunk name. */
    public Map<String, Long> countsByTrunk(TenantId tenant) {
        return dids.countsByTrunk(tenant);
    }

    /** How many DIDs each segment holds in each status, over every tenant. */
    public List<InventoryCount> inventory() {
        return dids.inventory();
    }

    /**
     * Writes one page of a provider's numbers: new ones become {@code active} DIDs of the target, known ones get the
     * provider's metadata and, unless the target keeps placement, its segment and trunk; they keep usage and status.
     * A dry run writes nothing and says what would change.
     */
    public ImportedNumber.Counts importNumbers(TenantId tenant, ImportedNumber.Target target,
            List<ImportedNumber> page, boolean dryRun) {
        if (page.isEmpty()) {
            return new ImportedNumber.Counts(0, 0);
        }
        return dryRun ? imports.preview(tenant, target, page) : imports.upsert(tenant, target, page);
    }

    /**
     * The tenant's DIDs imported from the target's provider account that the account no longer lists ({@code listed}
     * holds every number it lists now), those released already left out; {@code release} marks them
     * {@code released}, recorded in the audit trail, in one transaction.
     */
    @Transactional
    public List<ImportedNumber.Missing> missingFromProvider(TenantId tenant, ImportedNumber.Target target,
            String[] listed, boolean release) {
        List<ImportedNumber.Missing> missing =
                imports.missing(tenant, target.provider(), target.account(), listed, release);
        if (release && !missing.isEmpty()) {
            audit.record(tenant, AuditEntity.DID, null, "release-missing", Map.of("status", "not released"),
                    Map.of("status", "released", "provider", target.provider(), "dids", missing.size(),
                            "numbers", missing.stream().limit(MAX_PROBLEMS_LISTED).map(ImportedNumber.Missing::number)
                                    .toList()));
        }
        return missing;
    }



    /** The columns a change sets among segment (null clears it), trunk and status (never null). */
    private static Map<String, String> columns(DidRequests.UpdateDid request) {
        Map<String, String> columns = new LinkedHashMap<>();
        if (request.has("segment")) {
            columns.put("segment", request.segment());
        }
        if (request.has("trunk")) {
            columns.put("trunk", required("trunk", request.trunk()));
        }
        if (request.has("status")) {
            columns.put("status", required("status", request.status()));
        }
        return columns;
    }

    private static DomainException notFound(UUID id) {
        return new DomainException.NotFound("no DID with id " + id);
    }

    private static java.time.Instant instant(String field, String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new DomainException.InvalidRequest(field + ": " + DidRules.INSTANT_MESSAGE + "; got "
                    + io.didpool.api.FieldRefused.quoted(value));
        }
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new DomainException.InvalidRequest(field + ": may not be null");
        }
        return value;
    }

    record DidPage(List<Did> items, long total, int page, int size) {
    }

    /** A bulk change: how many DIDs matched, how many changed (or would, in a dry run). */
    record BulkResult(long matched, long changed, boolean dryRun) {
    }

    /**
     * A CSV import's answer, in the shape of the Twilio import's: rows read, what they did, the rows refused; whether
     * it was a dry run; per field, how many existing DIDs it changes; the first changed DIDs, before and after.
     */
    record CsvImportResult(long fetched, long created, long updated, long unchanged, long failed,
            List<ImportedNumber.Problem> errors, boolean dryRun, Map<String, Long> changes,
            List<CsvImportRepository.Change> sample) {
    }

    /** {@code dids} DIDs in {@code status}. */
    public record InventoryCount(String status, long dids) {
    }
}
