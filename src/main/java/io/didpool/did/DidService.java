package io.didpool.did;

import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkService;
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
    private final TrunkService trunks;

    DidService(DidRepository dids, DidImportRepository imports, TrunkService trunks) {
        this.dids = dids;
        this.imports = imports;
        this.trunks = trunks;
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

    /** Creates the DID; 422 when its trunk is not open to the tenant, 409 when the number is already a DID. */
    Did create(TenantId tenant, DidRequests.CreateDid request) {
        String trunk = request.trunk() == null ? DidRules.DEFAULT_TRUNK : request.trunk();
        trunks.requireOpenTo(tenant, trunk);
        try {
            return dids.insert(tenant, new DidRepository.NewDid(
                    request.number(),
                    request.segment(),
                    trunk,
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
            trunks.requireOpenTo(tenant, required("trunk", request.trunk()));
            changes.put("trunk", request.trunk());
        }
        if (request.has("status")) {
            changes.put("status", required("status", request.status()));
        }
        if (request.has("friendlyName")) {
            changes.put("friendly_name", request.friendlyName());
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

    /** How many DIDs are in each status, over every tenant. */
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

    private static String required(String field, String value) {
        if (value == null) {
            throw new DomainException.InvalidRequest(field + ": may not be null");
        }
        return value;
    }

    record DidPage(List<Did> items, long total, int page, int size) {
    }

    /** {@code dids} DIDs in {@code status}. */
    public record InventoryCount(String status, long dids) {
    }
}
