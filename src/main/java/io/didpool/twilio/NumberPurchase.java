package io.didpool.twilio;

import io.didpool.api.DomainException;
import io.didpool.did.Did;
import io.didpool.did.DidLifecycle;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Buys local numbers at Twilio for a segment: SEARCH the numbers for sale, show them with their monthly price, BUY
 * each, ADD it as a DID at once (a bought number is never lost from didpool), ASSOCIATE it with the Elastic SIP Trunk
 * of the DIDs' trunk when that trunk has one. A number whose association failed stays an {@code inactive} DID, reported
 * with what to do; the others end {@code active}. Every step is in the audit trail; a failure is reported per number
 * with the step it failed at, the other numbers go on.
 */
@Service
class NumberPurchase {

    private static final String IMPORT_SOURCE = "twilio-purchase";
    private static final String ACTIVE = "active";
    private static final String INACTIVE = "inactive";

    private final StoredAccounts accounts;
    private final NumberCalls twilio;
    private final PurchaseLimits limits;
    private final DidLifecycle dids;
    private final TrunkService trunks;

    NumberPurchase(StoredAccounts accounts, NumberCalls twilio, PurchaseLimits limits, DidLifecycle dids,
            TrunkService trunks) {
        this.accounts = accounts;
        this.twilio = twilio;
        this.limits = limits;
        this.dids = dids;
        this.trunks = trunks;
    }

    Result purchase(TenantId tenant, Order order) {
        trunks.requireOpenTo(tenant, order.trunk());
        TwilioCredentials credentials = accounts.own(tenant);
        List<TwilioNumber> found;
        try {
            found = twilio.searchLocal(credentials, order.search(), order.count());
        } catch (TwilioFailure e) {
            throw new DomainException.UpstreamFailed("Twilio's search for numbers failed: " + e.getMessage());
        }
        BigDecimal price = found.isEmpty() ? null : twilio.localMonthlyPrice(credentials).orElse(null);
        List<Candidate> candidates = found.stream().map(n -> new Candidate(n.number(), price)).toList();
        List<Failure> failed = new ArrayList<>();
        if (found.size() < order.count()) {
            failed.add(new Failure(null, Step.SEARCH, "Twilio offers " + found.size() + " local number"
                    + (found.size() == 1 ? "" : "s") + " for " + order.search().by().name().toLowerCase()
                    + " " + order.search().value() + ", not the " + order.count() + " asked for"));
        }
        if (order.dryRun() || found.isEmpty()) {
            return new Result(candidates, List.of(), failed);
        }
        List<UUID> reservations = limits.reserve(tenant, found.stream().map(TwilioNumber::number).toList());
        Optional<StoredAccounts.Linked> link = accounts.linked(order.trunk());
        List<Did> bought = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            buyOne(tenant, order, credentials, link, found.get(i), reservations.get(i), bought, failed);
        }
        return new Result(candidates, bought, failed);
    }

    private void buyOne(TenantId tenant, Order order, TwilioCredentials credentials,
            Optional<StoredAccounts.Linked> link, TwilioNumber offered, UUID reservation, List<Did> bought,
            List<Failure> failed) {
        String number = offered.number();
        TwilioNumber owned;
        try {
            owned = twilio.buy(credentials, number);
        } catch (TwilioFailure e) {
            // a purchase that went through whose answer was lost: the account has the number now
            Optional<TwilioNumber> onAccount = findQuietly(credentials, number);
            if (onAccount.isEmpty()) {
                limits.cancel(reservation);
                dids.recordProviderAction(tenant, null, "twilio-buy-failed", Map.of("number", number,
                        "reason", e.getMessage()));
                failed.add(new Failure(number, Step.BUY, e.getMessage()));
                return;
            }
            owned = onAccount.get();
        }
        limits.bought(reservation, owned.sid());
        Did did;
        try {
            did = dids.addBought(tenant, new DidLifecycle.Bought(number, owned.sid(), owned.friendlyName(),
                    owned.voice(), owned.sms(), owned.mms(), order.segment(), order.trunk(), DidLifecycle.TWILIO,
                    credentials.accountSid(), IMPORT_SOURCE), link.isPresent() ? INACTIVE : ACTIVE, "twilio-buy");
        } catch (RuntimeException e) {
            failed.add(new Failure(number, Step.ADD, "bought at Twilio (" + owned.sid() + ") but not added as a"
                    + " DID: " + e.getMessage() + "; import the account's numbers to add it"));
            return;
        }
        if (link.isEmpty()) {
            bought.add(did);
            return;
        }
        try {
            twilio.associate(link.get().credentials(), link.get().trunkSid(), owned.sid());
        } catch (TwilioFailure e) {
            dids.recordProviderAction(tenant, did.id(), "twilio-associate-failed", Map.of("number", number,
                    "twilioTrunkSid", link.get().trunkSid(), "reason", e.getMessage()));
            failed.add(new Failure(number, Step.ASSOCIATE, "bought and added as DID " + did.id() + ", kept "
                    + INACTIVE + ": not associated with Twilio trunk " + link.get().trunkSid() + " (" + e.getMessage()
                    + "); run POST /api/twilio/trunk-sync, then set the DID active"));
            bought.add(did);
            return;
        }
        bought.add(dids.setStatus(tenant, did.id(), ACTIVE, "twilio-associate", Map.of("twilioTrunkSid",
                link.get().trunkSid(), "status", INACTIVE)));
    }

    private Optional<TwilioNumber> findQuietly(TwilioCredentials credentials, String number) {
        try {
            return twilio.findOnAccount(credentials, number);
        } catch (TwilioFailure e) {
            return Optional.empty();
        }
    }

    /** What to buy: {@code count} numbers found by {@code search}, for the segment and trunk. */
    record Order(NumberCalls.NumberSearch search, int count, String segment, String trunk, boolean dryRun) {
        Order {
            trunk = trunk == null ? DidRules.DEFAULT_TRUNK : trunk;
        }
    }

    /** A step of a purchase, as a failure names it. */
    enum Step { SEARCH, BUY, ASSOCIATE, ADD }

    record Candidate(String number, BigDecimal monthlyPrice) {
    }

    record Failure(String number, Step step, String reason) {
    }

    record Result(List<Candidate> candidates, List<Did> bought, List<Failure> failed) {
    }
}
