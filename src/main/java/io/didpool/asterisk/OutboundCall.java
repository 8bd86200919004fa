package io.didpool.asterisk;

/**
 * One call to place: the Originate's {@code Channel} is {@code PJSIP/<destination>@<trunk>}, its {@code CallerID}
 * the DID's number; {@code callId} becomes {@code DIDPOOL_CALL_ID} (and ties Asterisk's events to the call).
 * {@code audioFile} and {@code transferNumber} may be null.
 */
public record OutboundCall(String callId, String destination, String didNumber, String trunk, String audioFile,
        String transferNumber) {
}
