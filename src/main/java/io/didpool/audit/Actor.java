package io.didpool.audit;

import java.util.UUID;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who acts in a request: a tenant's API key (its id and name) or the admin token. The authentication filter puts it on
 * the request under {@link #ATTRIBUTE}; {@link Audit} reads it from there, so no service passes it around.
 */
public record Actor(UUID keyId, String keyName) {

    public static final String ATTRIBUTE = Actor.class.getName();

    /** The admin token: it has no id. */
    public static final Actor ADMIN = new Actor(null, "admin");

    /** Work of didpool itself, outside any request (none of it is recorded today; here so that nothing is lost). */
    static final Actor SYSTEM = new Actor(null, "system");

    static Actor current() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object actor = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return actor instanceof Actor a ? a : SYSTEM;
    }
}
