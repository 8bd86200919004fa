package io.didpool.did;

/**
 * Whether a DID's number is on the Twilio account of its trunk, as last checked (the column {@code ownership}, V37,
 * whose CHECK admits exactly these). A DID never checked has none (null). {@link #NOT_ON_ACCOUNT} is not selectable.
 */
public enum Ownership {
    /** One of the account's IncomingPhoneNumbers. */
    ON_ACCOUNT,
    /** Not a number of the account, but one of its verified caller IDs (OutgoingCallerIds): usable as caller ID. */
    VERIFIED_CALLER_ID,
    /** Neither: Twilio would refuse it as caller ID, so rotation never chooses it. */
    NOT_ON_ACCOUNT
}
