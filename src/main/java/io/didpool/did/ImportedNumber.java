package io.didpool.did;

/**
 * A number a provider lists, to become or refresh a DID: already validated by the importing feature (E.164 number,
 * SID and friendly name that fit their columns). Capabilities are null when the provider did not say.
 */
public record ImportedNumber(String number, String providerSid, String friendlyName, Boolean voice, Boolean sms,
        Boolean mms) {

    /** Where imported numbers go and where they come from: the columns an import sets on every DID it touches. */
    public record Target(String segment, String trunk, String provider, String importSource) {
    }

    /** What one page of an import did (or would do, in a dry run); the rest of the page was unchanged. */
    public record Counts(int created, int updated) {
    }
}
