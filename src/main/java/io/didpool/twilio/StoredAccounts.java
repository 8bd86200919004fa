package io.didpool.twilio;

import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkService;
import io.didpool.trunk.TwilioAccounts;
import io.didpool.trunk.TwilioLink;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whose stored Twilio credentials reach what: a tenant's own account, and the account of a trunk linked to its
 * Twilio Elastic SIP Trunk (the credentials of the link's tenant).
 */
@Component
class StoredAccounts implements TwilioAccounts {

    private final CredentialsRepository repository;
    private final CredentialsService credentials;
    private final TrunkService trunks;

    StoredAccounts(CredentialsRepository repository, CredentialsService credentials, TrunkService trunks) {
        this.repository = repository;
        this.credentials = credentials;
        this.trunks = trunks;
    }

    @Override
    public boolean hasCredentials(TenantId tenant) {
        return repository.find(tenant).isPresent();
    }

    /** The tenant's own credentials, or a 404 saying how to store them. */
    TwilioCredentials own(TenantId tenant) {
        return credentials.load(tenant);
    }

    /** The tenant's own credentials, when it has stored some. */
    Optional<TwilioCredentials> ownIfAny(TenantId tenant) {
        return hasCredentials(tenant) ? Optional.of(credentials.load(tenant)) : Optional.empty();
    }

    /** The trunk's link to its Twilio Elastic SIP Trunk, when it has one whose tenant still has credentials. */
    Optional<Linked> linked(String trunk) {
        return trunks.twilioLink(trunk)
                .filter(link -> link.tenant() != null && hasCredentials(link.tenant()))
                .map(link -> new Linked(link, credentials.load(link.tenant())));
    }

    /** The trunk's link, or a 409 saying how to make one. */
    Linked requireLinked(String trunk) {
        return linked(trunk).orElseThrow(() -> new DomainException.Conflict("trunk: trunk " + trunk + " is not"
                + " linked to a Twilio Elastic SIP Trunk whose tenant has stored credentials: set it with PUT"
                + " /api/admin/trunks/" + trunk + " {\"twilioTrunkSid\":\"TK…\",\"twilioTenant\":\"…\"}"));
    }

    /** A trunk's Twilio Elastic SIP Trunk, and the credentials that reach it. */
    record Linked(TwilioLink link, TwilioCredentials credentials) {
        String trunkSid() {
            return link.trunkSid();
        }
    }
}
