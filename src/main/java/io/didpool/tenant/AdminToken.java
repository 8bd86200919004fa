package io.didpool.tenant;

import io.didpool.platform.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** {@code DIDPOOL_ADMIN_TOKEN}, or a token generated at first start into the data dir (its path is logged). */
@Component
class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private final String token;

    AdminToken(@Value("${didpool.admin-token:}") String configured, DataDirectory dataDirectory) {
        this.token = configured.isBlank()
                ? dataDirectory.secret("admin-token", 32,
                        path -> log.info("Generated the admin token into {} (owner-readable only)", path))
                : configured;
        if (configured.isBlank()) {
            log.info("Admin token: read it from {}", dataDirectory.resolve("admin-token"));
        }
    }

    boolean matches(String candidate) {
        return ApiKeys.constantTimeEquals(token, candidate);
    }
}
