package io.didpool.twilio;

import io.didpool.api.DomainException;
import io.didpool.dialing.DialQueue;
import io.didpool.did.Did;
import io.didpool.did.DidLifecycle;
import io.didpool.tenant.TenantId;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases a DID: out of rotation at once ({@code released}, committed before Twilio is asked), then, when asked, the
 * number is released on the tenant's Twilio account. Refused (409) while a call is in progress on the DID. A DID
 * released already may be released again, so that a failed release at Twilio can be retried; so can a DID whose
 * number the account no longer lists (the import's {@code missing}): Twilio's 404 counts as released.
 */
@Service
class NumberRelease {

    private final DidLifecycle dids;
    private final DialQueue calls;
    private final StoredAccounts accounts;
    private final NumberCalls twilio;
    private final TransactionTemplate transaction;

    NumberRelease(DidLifecycle dids, DialQueue calls, StoredAccounts accounts, NumberCalls twilio,
            TransactionTemplate transaction) {
        this.dids = dids;
        this.calls = calls;
        this.accounts = accounts;
        this.twilio = twilio;
        this.transaction = transaction;
    }

    Did release(TenantId tenant, UUID id, boolean onTwilio) {
        // fail before changing anything when Twilio cannot be asked at all
        TwilioCredentials credentials = onTwilio ? accounts.own(tenant) : null;
        Did released = transaction.execute(status -> dids.release(tenant, id, did -> {
            long inProgress = calls.callsInProgressOnDid(tenant, did.trunk(), did.id());
            if (inProgress > 0) {
                throw new DomainException.Conflict("DID " + did.number() + " has " + inProgress + " call"
                        + (inProgress == 1 ? "" : "s") + " in progress: release it once they end");
            }
        }));
        if (!onTwilio) {
            return released;
        }
        String sid = released.providerSid();
        if (sid == null) {
            sid = twilio.findOnAccount(credentials, released.number()).map(TwilioNumber::sid).orElse(null);
        }
        boolean deleted;
        try {
            deleted = sid != null && twilio.release(credentials, sid);
        } catch (TwilioFailure e) {
            throw new DomainException.UpstreamFailed("DID " + released.number() + " is released in didpool, but"
                    + " Twilio did not release it: " + e.getMessage() + "; release it again to retry");
        }
        dids.recordProviderAction(tenant, released.id(), "twilio-release", Map.of("number", released.number(),
                "account", credentials.accountSid(), "sid", sid == null ? "none" : sid,
                "result", deleted ? "released on Twilio" : "not on the account (already released)"));
        return released;
    }
}
