package io.didpool.twilio;

import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.did.DidLifecycle;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Puts every DID of a trunk (the calling tenant's) on the trunk's Twilio Elastic SIP Trunk: each number not on it yet
 * is associated by its PN… SID (looked up on the account when the DID has none), and the numbers on the Twilio trunk
 * that no DID in didpool holds are reported. A dry run asks Twilio only what it must read.
 */
@Service
class TrunkSync {

    private final StoredAccounts accounts;
    private final NumberCalls twilio;
    private final DidLifecycle dids;
    private final TrunkService trunks;
    private final Audit audit;

    TrunkSync(StoredAccounts accounts, NumberCalls twilio, DidLifecycle dids, TrunkService trunks, Audit audit) {
        this.accounts = accounts;
        this.twilio = twilio;
        this.dids = dids;
        this.trunks = trunks;
        this.audit = audit;
    }

    Result sync(TenantId tenant, String trunk, boolean dryRun) {
        trunks.requireOpenTo(tenant, trunk);
        StoredAccounts.Linked link = accounts.requireLinked(trunk);
        Map<String, String> onTwilioTrunk;
        try {
            onTwilioTrunk = twilio.trunkNumbers(link.credentials(), link.trunkSid());
        } catch (TwilioFailure e) {
            throw new io.didpool.api.DomainException.UpstreamFailed("Twilio did not list the numbers of trunk "
                    + link.trunkSid() + ": " + e.getMessage());
        }
        long associated = 0;
        long already = 0;
        List<Failure> failed = new ArrayList<>();
        Set<String> ours = new HashSet<>();
        for (DidLifecycle.NumberOnTrunk did : dids.onTrunk(tenant, trunk, false)) {
            ours.add(did.number());
            if (onTwilioTrunk.containsKey(did.number())) {
                already++;
                continue;
            }
            try {
                String sid = did.providerSid();
                if (sid == null) {
                    Optional<TwilioNumber> found = twilio.findOnAccount(link.credentials(), did.number());
                    if (found.isEmpty()) {
                        failed.add(new Failure(did.number(), "not a number of account "
                                + link.credentials().accountSid() + ", which trunk " + link.trunkSid() + " is on"));
                        continue;
                    }
                    sid = found.get().sid();
                    if (!dryRun) {
                        dids.setProviderSid(tenant, did.id(), sid);
                    }
                }
                if (!dryRun) {
                    twilio.associate(link.credentials(), link.trunkSid(), sid);
                }
                associated++;
            } catch (TwilioFailure e) {
                failed.add(new Failure(did.number(), e.getMessage()));
            }
        }
        List<String> others = onTwilioTrunk.keySet().stream().filter(n -> !ours.contains(n)).toList();
        Set<String> held = new HashSet<>(dids.held(others.toArray(String[]::new)));
        List<String> notInDidpool = others.stream().filter(n -> !held.contains(n)).sorted().toList();
        Result result = new Result(associated, already, notInDidpool, failed);
        if (!dryRun && (associated > 0 || !failed.isEmpty())) {
            audit.record(tenant, AuditEntity.TRUNK, trunk, "twilio-trunk-sync", null, Map.of("twilioTrunkSid",
                    link.trunkSid(), "associated", associated, "alreadyAssociated", already, "failed",
                    failed.size()));
        }
        return result;
    }

    record Failure(String number, String reason) {
    }

    record Result(long associated, long alreadyAssociated, List<String> notInDidpool, List<Failure> failed) {
    }
}
