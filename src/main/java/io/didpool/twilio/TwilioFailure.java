package io.didpool.twilio;

/** Twilio could not be reached or did not answer as hoped; the message is safe to show and names no secret. */
final class TwilioFailure extends RuntimeException {

    /** Twilio's HTTP status; null when it did not answer. */
    private final Integer status;

    TwilioFailure(String message) {
        this(null, message);
    }

    TwilioFailure(Integer status, String message) {
        super(message);
        this.status = status;
    }

    /** Whether Twilio answered that the resource does not exist (HTTP 404). */
    boolean notFound() {
        return status != null && status == 404;
    }
}
