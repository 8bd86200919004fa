package io.didpool.tenant;

import java.util.UUID;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who acts in a request: a tenant's API key (its id and name) or the admin token. The authentication filter puts it on
 * the request under {@link #ATTRIBUTE}; whoever needs it (the audit trail) reads it from there, so no service passes
 * it around.
 */
public record Caller(UUID keyId, String keyName) {

    static final String ATTRIBUTE = Caller.class.getName();

    /** The admin token: it has no id. */
    static final Caller ADMIN = new Caller(null, "admin");

    /** Work of didpool itself, outside any request. */
    static final Caller SYSTEM = new Caller(null, "system");

    /** The caller of the request this thread serves, or {@link #SYSTEM} outside a request. */
    public static Caller current() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object caller = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return caller instanceof Caller c ? c : SYSTEM;
    }
}
