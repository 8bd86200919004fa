package io.didpool.did;

import io.didpool.api.DomainException;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the provider side of a number changes on its DID: a bought number becomes a DID, a check records whether the
 * number is on the account of its trunk, a release takes it out of rotation. Used by the Twilio feature, which talks
 * to Twilio; every change here is recorded in the audit trail with it.
 */
@Service
public class DidLifecycle {

    /** The provider of numbers imported from or bought at Twilio. */
    public static final String TWILIO = "Twilio";
    public static final String RELEASED = "released";

    private final DidLifecycleRepository dids;
    private final Audit audit;

    DidLifecycle(DidLifecycleRepository dids, Audit audit) {
        this.dids = dids;
        this.audit = audit;
    }

    /**
     * Adds a number just bought as a DID of {@code status} (the feature activates it once it is on its trunk), in a
     * transaction of its own, so that it is saved whatever happens next; audited as {@code action}.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Did addBought(TenantId tenant, Bought bought, String status, String action) {
        Did did = dids.upsertBought(tenant, bought, status);
        audit.record(tenant, AuditEntity.DID, did.id(), action, null, did);
        return did;
    }

    /** Sets the DID's status, audited as {@code action} with {@code why} (its own transaction). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Did setStatus(TenantId tenant, UUID id, String status, String action, Map<String, ?> why) {
        Did after = dids.setStatus(tenant, id, status).orElseThrow(() -> notFound(id));
        audit.record(tenant, AuditEntity.DID, id, action, why, after);
        return after;
    }

    /**
     * Releases the DID in the caller's transaction: its row is locked first, so that an allocation writing it waits
     * and then finds it not selectable; {@code refuse} (given the locked DID) may still refuse, e.g. while a call is in
     * progress on it. Answers the DID released; audited as {@code release}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Did release(TenantId tenant, UUID id, java.util.function.Consumer<Did> refuse) {
        Did before = dids.lock(tenant, id).orElseThrow(() -> notFound(id));
        refuse.accept(before);
        Did after = RELEASED.equals(before.status()) ? before
                : dids.setStatus(tenant, id, RELEASED).orElseThrow(() -> notFound(id));
        audit.record(tenant, AuditEntity.DID, id, "release", before, after);
        return after;
    }

    /** Audits an action at the provider on the DID (released at Twilio, associated with a trunk...). */
    @Transactional
    public void recordProviderAction(TenantId tenant, UUID id, String action, Map<String, ?> what) {
        audit.record(tenant, AuditEntity.DID, id, action, null, what);
    }

    /** Records the provider's SID of the DID's number, found by a lookup. */
    @Transactional
    public void setProviderSid(TenantId tenant, UUID id, String sid) {
        dids.setProviderSid(tenant, id, sid);
    }

    /** The tenant's DIDs on the trunk (not released), by number; {@code twilioOnly}: those from Twilio only. */
    public List<NumberOnTrunk> onTrunk(TenantId tenant, String trunk, boolean twilioOnly) {
        return dids.onTrunk(tenant, trunk, twilioOnly);
    }

    /** The trunks that the tenant's DIDs (not released) name. */
    public List<String> trunks(TenantId tenant) {
        return dids.trunks(tenant);
    }

    /**
     * Records a check's findings ({@code ownership} of each DID id), all checked at {@code at}; audited once when any
     * DID's ownership changed. Answers how many changed.
     */
    @Transactional
    public int recordOwnership(TenantId tenant, Map<Ownership, List<UUID>> found, Instant at) {
        int changed = 0;
        for (Map.Entry<Ownership, List<UUID>> e : found.entrySet()) {
            changed += dids.setOwnership(tenant, e.getValue(), e.getKey(), at);
        }
        if (changed > 0) {
            audit.record(tenant, AuditEntity.DID, null, "ownership-check", null, Map.of("changed", changed,
                    "onAccount", found.getOrDefault(Ownership.ON_ACCOUNT, List.of()).size(),
                    "verifiedCallerId", found.getOrDefault(Ownership.VERIFIED_CALLER_ID, List.of()).size(),
                    "notOnAccount", found.getOrDefault(Ownership.NOT_ON_ACCOUNT, List.of()).size()));
        }
        return changed;
    }

    /** The tenant's DIDs among {@code numbers}, which its provider account lists: ON_ACCOUNT, checked now. */
    @Transactional
    public int markOnAccount(TenantId tenant, String[] numbers) {
        return numbers.length == 0 ? 0 : dids.markOnAccount(tenant, numbers);
    }

    /** The tenants with DIDs (other than released ones) on any of {@code trunks}. */
    public List<TenantId> tenantsOn(List<String> trunks) {
        return trunks.isEmpty() ? List.of() : dids.tenantsOn(trunks.toArray(String[]::new));
    }

    /** Of {@code numbers}, those held as a DID (other than released) by any tenant. */
    public List<String> held(String[] numbers) {
        return numbers.length == 0 ? List.of() : dids.held(numbers);
    }

    private static DomainException notFound(UUID id) {
        return new DomainException.NotFound("no DID with id " + id);
    }

    /** A number just bought from {@code provider}'s {@code account}, to become a DID of the segment and trunk. */
    public record Bought(String number, String sid, String friendlyName, Boolean voice, Boolean sms, Boolean mms,
            String segment, String trunk, String provider, String account, String importSource) {
    }

    /** A DID on a trunk: its number, the provider's SID of it (null when unknown) and its ownership. */
    public record NumberOnTrunk(UUID id, String number, String providerSid, Ownership ownership) {
    }
}
