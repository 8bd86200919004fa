package io.didpool.twilio;

import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import org.springframework.stereotype.Service;

/** Stores, shows (never the token) and checks a tenant's Twilio credentials. */
@Service
class CredentialsService {

    private final CredentialsRepository repository;
    private final CredentialCipher cipher;
    private final TwilioGateway twilio;

    CredentialsService(CredentialsRepository repository, CredentialCipher cipher, TwilioGateway twilio) {
        this.repository = repository;
        this.cipher = cipher;
        this.twilio = twilio;
    }

    void store(TenantId tenant, TwilioCredentials credentials) {
        repository.save(tenant, credentials.accountSid(),
                cipher.encrypt(credentials.authToken(), associatedData(tenant, credentials.accountSid())));
    }

    CredentialsView show(TenantId tenant) {
        TwilioCredentials credentials = load(tenant);
        return new CredentialsView(credentials.accountSid(), credentials.authTokenLast4());
    }

    void delete(TenantId tenant) {
        if (!repository.delete(tenant)) {
            throw noCredentials();
        }
    }

    TestResult test(TenantId tenant) {
        TwilioCredentials credentials = load(tenant);
        try {
            return new TestResult(true, twilio.accountFriendlyName(credentials));
        } catch (TwilioFailure e) {
            throw new DomainException.UpstreamFailed(e.getMessage());
        }
    }

    /** The tenant's decrypted credentials, or a 404 saying how to store them. */
    TwilioCredentials load(TenantId tenant) {
        CredentialsRepository.Stored stored = repository.find(tenant).orElseThrow(CredentialsService::noCredentials);
        try {
            return new TwilioCredentials(stored.accountSid(),
                    cipher.decrypt(stored.encryptedToken(), associatedData(tenant, stored.accountSid())));
        } catch (CredentialCipher.UnreadableSecretException e) {
            throw new DomainException.Conflict("the stored Twilio credentials do not decrypt with the current secret"
                    + " key (was DIDPOOL_SECRET_KEY or the data dir changed?): store them again with "
                    + "PUT /api/twilio/credentials");
        }
    }

    private static String associatedData(TenantId tenant, String accountSid) {
        return "didpool/twilio_credentials/" + tenant.value() + "/" + accountSid;
    }

    private static DomainException noCredentials() {
        return new DomainException.NotFound("no Twilio credentials are stored for this tenant: store them with "
                + "PUT /api/twilio/credentials {\"accountSid\":\"AC…\",\"authToken\":\"…\"}");
    }

    record CredentialsView(String accountSid, String authTokenLast4) {
    }

    record TestResult(boolean ok, String accountFriendlyName) {
    }
}
