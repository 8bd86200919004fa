package io.didpool.did;

import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** The DID inventory of a tenant. Other features look DIDs and segments up through here. */
@Service
public class DidService {

    private final DidRepository dids;
    private final DidImportRepository imports;

    DidService(DidRepository dids, DidImportRepository imports) {
        this.dids = dids;
        this.imports = imports;
        // the geocoder's data takes about a second to load: at start-up rather than in the first request
        NanpGeography.region("212");
    }

    DidPage list(TenantId tenant, DidFilter filter, int page, int size) {
        return new DidPage(dids.find(tenant, filter, page, size), dids.count(tenant, filter), page, size);
    }

    public Optional<Did> find(TenantId tenant, UUID id) {
        return dids.findById(tenant, id);
    }

    Did get(TenantId tenant, UUID id) {
        return find(tenant, id).orElseThrow(() -> notFound(id));
    }

    Did create(TenantId tenant, DidRequests.CreateDid request) {
        try {
            return dids.insert(tenant, new DidRepository.NewDid(
                    request.number(),
                    request.segment(),
                    request.trunk() == null ? DidRules.DEFAULT_TRUNK : request.trunk(),
                    request.status() == null ? DidRules.DEFAULT_STATUS : request.status(),
                    request.friendlyName()));
        } catch (DuplicateKeyException e) {
            throw new DomainException.Conflict("number " + request.number() + " is already a DID of this tenant");
        }
    }

    Did update(TenantId tenant, UUID id, DidRequests.UpdateDid request) {
        Map<String, Object> changes = new LinkedHashMap<>();
        if (request.has("segment")) {
            changes.put("segment", request.segment());
        }
        if (request.has("trunk")) {
            changes.put("trunk", required("trunk", request.trunk()));
        }
        if (request.has("status")) {
            changes.put("status", required("status", request.status()));
        }
        if (request.has("friendlyName")) {
            changes.put("friendly_name", request.friendlyName());
        }
        if (request.has("restingUntil")) {
            changes.put("resting_until", request.restingUntil() == null ? null
                    : java.sql.Timestamp.from(instant("restingUntil", request.restingUntil())));
        }
        if (changes.isEmpty()) {
            return get(tenant, id);
        }
        return dids.update(tenant, id, changes).orElseThrow(() -> notFound(id));
    }

    void delete(TenantId tenant, UUID id) {
        if (!dids.delete(tenant, id)) {
            throw notFound(id);
        }
    }

    /** The tenant's segments that hold at least one DID, sorted. */
    public List<String> segments(TenantId tenant) {
        return dids.segments(tenant);
    }

    public boolean hasSegment(TenantId tenant, String segment) {
        return segments(tenant).contains(segment);
    }

    /** How many of the tenant's DIDs name this trunk. */
    public long countOnTrunk(TenantId tenant, String trunk) {
        return dids.countOnTrunk(tenant, trunk);
    }

    /** How many DIDs each segment holds in each status, over every tenant. */
    public List<InventoryCount> inventory() {
        return dids.inventory();
    }

    /**
     * Writes one page of a provider's numbers: new ones become {@code active} DIDs of the target, known ones get the
     * target's segment, trunk and the provider's metadata and keep usage and status. A dry run writes nothing and
     * says what would change.
     */
    public ImportedNumber.Counts importNumbers(TenantId tenant, ImportedNumber.Target target,
            List<ImportedNumber> page, boolean dryRun) {
        if (page.isEmpty()) {
            return new ImportedNumber.Counts(0, 0);
        }
        return dryRun ? imports.preview(tenant, target, page) : imports.upsert(tenant, target, page);
    }

    private static DomainException notFound(UUID id) {
        return new DomainException.NotFound("no DID with id " + id);
    }

    private static java.time.Instant instant(String field, String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new DomainException.InvalidRequest(field + ": " + DidRules.INSTANT_MESSAGE);
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

    /** {@code dids} DIDs of {@code segment} (null: none) in {@code status}. */
    public record InventoryCount(String segment, String status, long dids) {
    }
}
