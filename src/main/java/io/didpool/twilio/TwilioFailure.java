package io.didpool.twilio;

/** Twilio could not be reached or did not answer as hoped; the message is safe to show and names no secret. */
final class TwilioFailure extends RuntimeException {

    TwilioFailure(String message) {
        super(message);
    }
}
