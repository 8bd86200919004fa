package io.didpool.tenant;

import io.didpool.platform.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.stereotype.Component;

/** {@code DIDPOOL_ADMIN_TOKEN}, or a token generated at first start into the data dir (its path is logged). */
@Component
class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    /** A configured token shorter than this is refused: the admin API is reachable by anyone who can reach the port. */
    static final int MIN_LENGTH = 32;

    private final String token;

    AdminToken(@Value("${didpool.admin-token:}") String configured, DataDirectory dataDirectory) {
        if (!configured.isBlank() && configured.strip().length() < MIN_LENGTH) {
            throw new TooShort(configured.strip().length());
        }
        this.token = configured.isBlank()
                ? dataDirectory.secret("admin-token", 32,
                        path -> log.info("Generated the admin token into {} (owner-readable only)", path))
                : configured.strip();
        if (configured.isBlank()) {
            log.info("Admin token: read it from {}", dataDirectory.resolve("admin-token"));
        }
    }

    boolean matches(String candidate) {
        return ApiKeys.constantTimeEquals(token, candidate);
    }

    /** The configured admin token is too short to resist guessing; the message never shows the token. */
    static class TooShort extends IllegalStateException {
        TooShort(int length) {
            super("DIDPOOL_ADMIN_TOKEN has " + length + " characters; it must have at least " + MIN_LENGTH);
        }

        /** Spring Boot's "APPLICATION FAILED TO START" block with this one line instead of a stack trace. */
        static class Analyzer extends AbstractFailureAnalyzer<TooShort> {
            @Override
            protected FailureAnalysis analyze(Throwable rootFailure, TooShort cause) {
                return new FailureAnalysis(cause.getMessage(), "Set a longer DIDPOOL_ADMIN_TOKEN (e.g. the output of"
                        + " `openssl rand -base64 32`), or unset it to have one generated into DIDPOOL_DATA_DIR.", cause);
            }
        }
    }
}
