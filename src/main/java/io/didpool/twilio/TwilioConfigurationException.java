package io.didpool.twilio;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A Twilio setting the service cannot start with (a bad {@code DIDPOOL_SECRET_KEY}, a base URL that is no URL).
 * Its message names the setting and what it must be, never the value of a secret.
 */
class TwilioConfigurationException extends IllegalStateException {

    TwilioConfigurationException(String message) {
        super(message);
    }

    /** Turns the exception into Spring Boot's "APPLICATION FAILED TO START" block instead of a stack trace. */
    static class Analyzer extends AbstractFailureAnalyzer<TwilioConfigurationException> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, TwilioConfigurationException cause) {
            return new FailureAnalysis(cause.getMessage(),
                    "Fix the setting named above and start again. (With DIDPOOL_SECRET_KEY unset, didpool generates "
                            + "a key into DIDPOOL_DATA_DIR; credentials stored under another key must be stored again.)",
                    cause);
        }
    }
}
