package io.didpool.did;

/**
 * A number a provider lists, to become or refresh a DID: already validated by the importing feature (E.164 number,
 * SID and friendly name that fit their columns). Capabilities are null when the provider did not say.
 */
public record ImportedNumber(String number, String providerSid, String friendlyName, Boolean voice, Boolean sms,
        Boolean mms) {

    /**
     * Where imported numbers go and where they come from: the columns an import sets on every DID it touches.
     * {@code account} is the provider's account (Twilio's AC… SID). {@code keepPlacement}: DIDs that exist already
     * keep their segment and trunk (only the provider's metadata is refreshed); new ones get the target's.
     */
    public record Target(String segment, String trunk, String provider, String account, String importSource,
            boolean keepPlacement) {
    }

    /** What one page of an import did (or would do, in a dry run); the rest of the page was unchanged. */
    public record Counts(int created, int updated) {
    }

    /** Why a number (or a row of a file) was not imported. */
    public record Problem(String number, String reason) {
    }

    /** A DID imported from a provider's account that the account no longer lists; {@code status} as it is now. */
    public record Missing(java.util.UUID id, String number, String segment, String status) {
    }
}
