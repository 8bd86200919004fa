package io.didpool.twilio;

import io.didpool.api.DomainException;
import io.didpool.did.DidLifecycle;
import io.didpool.did.Ownership;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.Trunk;
import io.didpool.trunk.TrunkService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Checks that each DID's number is on the Twilio account of its trunk: one of the account's IncomingPhoneNumbers
 * (ON_ACCOUNT), else one of its verified caller IDs (VERIFIED_CALLER_ID), else NOT_ON_ACCOUNT, which takes the DID out
 * of rotation until a check finds it again. The account of a trunk linked to a Twilio Elastic SIP Trunk is that of
 * the link's tenant, and all the tenant's DIDs on it are checked; on any other trunk, the DIDs that came from Twilio
 * (imported or bought) are checked against the tenant's own account. DIDs of neither kind, or whose account has no
 * stored credentials, are left as they are. Each account is read once per check, whatever the number of DIDs.
 */
@Service
class OwnershipCheck {

    private static final Logger log = LoggerFactory.getLogger(OwnershipCheck.class);
    /** Numbers listed in an answer; the counts are complete. */
    private static final int MAX_LISTED = 1000;

    private final StoredAccounts accounts;
    private final CredentialsRepository stored;
    private final NumberCalls twilio;
    private final DidLifecycle dids;
    private final TrunkService trunks;
    private final Clock clock;

    OwnershipCheck(StoredAccounts accounts, CredentialsRepository stored, NumberCalls twilio, DidLifecycle dids,
            TrunkService trunks, Clock clock) {
        this.accounts = accounts;
        this.stored = stored;
        this.twilio = twilio;
        this.dids = dids;
        this.trunks = trunks;
        this.clock = clock;
    }

    /** Checks the tenant's DIDs now; 502 when Twilio failed for an account (the others' findings are recorded). */
    Summary check(TenantId tenant) {
        Outcome outcome = run(tenant);
        if (outcome.failure() != null) {
            throw new DomainException.UpstreamFailed("the ownership check could not read a Twilio account: "
                    + outcome.failure());
        }
        return outcome.summary();
    }

    /** Checks every tenant that has DIDs to check; a tenant that fails is logged and the others go on. */
    void checkAll() {
        List<String> linkedTrunks = trunks.configured().stream().map(Trunk::name)
                .filter(name -> trunks.twilioLink(name).isPresent()).toList();
        Set<TenantId> tenants = new LinkedHashSet<>(stored.tenants());
        tenants.addAll(dids.tenantsOn(linkedTrunks));
        for (TenantId tenant : tenants) {
            try {
                Outcome outcome = run(tenant);
                if (outcome.failure() != null) {
                    log.warn("Ownership check of tenant {} incomplete: {}", tenant, outcome.failure());
                }
            } catch (RuntimeException e) {
                log.warn("Ownership check of tenant {} failed: {}", tenant, e.getMessage());
            }
        }
    }

    private Outcome run(TenantId tenant) {
        Map<String, Numbers> byAccount = new HashMap<>();
        Map<Ownership, List<java.util.UUID>> found = new EnumMap<>(Ownership.class);
        List<String> notOnAccount = new ArrayList<>();
        long checked = 0;
        String failure = null;
        for (String trunk : dids.trunks(tenant)) {
            Optional<StoredAccounts.Linked> link = accounts.linked(trunk);
            Optional<TwilioCredentials> credentials = link.isPresent()
                    ? Optional.of(link.get().credentials()) : accounts.ownIfAny(tenant);
            if (credentials.isEmpty()) {
                continue;
            }
            List<DidLifecycle.NumberOnTrunk> onTrunk = dids.onTrunk(tenant, trunk, link.isEmpty());
            if (onTrunk.isEmpty()) {
                continue;
            }
            Numbers numbers;
            try {
                numbers = byAccount.computeIfAbsent(credentials.get().accountSid(), sid -> read(credentials.get()));
            } catch (TwilioFailure e) {
                failure = e.getMessage();
                continue;
            }
            for (DidLifecycle.NumberOnTrunk did : onTrunk) {
                Ownership ownership = numbers.incoming().contains(did.number()) ? Ownership.ON_ACCOUNT
                        : numbers.callerIds().contains(did.number()) ? Ownership.VERIFIED_CALLER_ID
                        : Ownership.NOT_ON_ACCOUNT;
                found.computeIfAbsent(ownership, o -> new ArrayList<>()).add(did.id());
                if (ownership == Ownership.NOT_ON_ACCOUNT && notOnAccount.size() < MAX_LISTED) {
                    notOnAccount.add(did.number());
                }
                checked++;
            }
        }
        dids.recordOwnership(tenant, found, clock.instant());
        return new Outcome(new Summary(checked, count(found, Ownership.ON_ACCOUNT),
                count(found, Ownership.VERIFIED_CALLER_ID), notOnAccount), failure);
    }

    private Numbers read(TwilioCredentials credentials) {
        return new Numbers(twilio.accountNumbers(credentials), twilio.verifiedCallerIds(credentials));
    }

    private static long count(Map<Ownership, List<java.util.UUID>> found, Ownership ownership) {
        return found.getOrDefault(ownership, List.of()).size();
    }

    private record Numbers(Set<String> incoming, Set<String> callerIds) {
    }

    private record Outcome(Summary summary, String failure) {
    }

    /** What a check found: DIDs checked, how many are on the account or verified caller IDs, and those on neither. */
    record Summary(long checked, long onAccount, long verifiedCallerId, List<String> notOnAccount) {
    }
}
