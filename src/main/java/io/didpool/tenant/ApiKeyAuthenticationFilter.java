package io.didpool.tenant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/**} request carries {@code Authorization: Bearer <key>}: the admin token on
 * {@code /api/admin/**}, a tenant API key everywhere else. The tenant found for the key is put on the request
 * for {@link TenantIdArgumentResolver}, and the acting key for the audit trail ({@link Caller}); anything else is
 * answered 401 here, as a problem detail, and a read-only key's request other than a read 403.
 *
 * <p>The actuator's endpoints ({@code /actuator/**}) take the admin token too, except health and its liveness and
 * readiness probes, which answer anyone with their status; with the admin token the request carries a principal, which
 * is what makes health show its details ({@code show-details=when-authorized}). Wrong admin tokens are counted per
 * client address by {@link AdminAttempts}; a tenant's key in use sent where the admin token is taken is answered 403
 * and not counted.
 */
@Component
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String TENANT_ATTRIBUTE = ApiKeyAuthenticationFilter.class.getName() + ".tenant";
    private static final Set<String> OPEN_ACTUATOR_PATHS =
            Set.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");
    private static final Principal ADMIN = () -> "admin";
    /** What a read-only key may do. */
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final TenantService tenants;
    private final AdminToken adminToken;
    private final AdminAttempts adminAttempts;
    private final JsonMapper json;
    private final HandlerExceptionResolver exceptions;

    ApiKeyAuthenticationFilter(TenantService tenants, AdminToken adminToken, AdminAttempts adminAttempts,
            JsonMapper json, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptions) {
        this.tenants = tenants;
        this.adminToken = adminToken;
        this.adminAttempts = adminAttempts;
        this.json = json;
        this.exceptions = exceptions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = routedPath(request);
        return !path.startsWith("/api/") && !path.equals("/actuator") && !path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = routedPath(request);
        Optional<String> bearer = bearer(request);
        if (!path.startsWith("/api/")) {
            if (bearer.isEmpty() && OPEN_ACTUATOR_PATHS.contains(path)) {
                chain.doFilter(request, response);
            } else if (bearer.isEmpty()) {
                unauthorized(response, "missing Authorization: Bearer header with the admin token");
            } else if (admin(request, response, path, bearer.get())) {
                chain.doFilter(asAdmin(request), response);
            }
            return;
        }
        if (bearer.isEmpty()) {
            unauthorized(response, "missing Authorization: Bearer header");
            return;
        }
        if (path.startsWith("/api/admin/")) {
            if (!admin(request, response, path, bearer.get())) {
                return;
            }
            request.setAttribute(Caller.ATTRIBUTE, Caller.ADMIN);
        } else {
            Optional<TenantService.AuthenticatedKey> key;
            try {
                key = tenants.authenticate(bearer.get());
            } catch (RuntimeException e) {
                databaseFailed(request, response, e);
                return;
            }
            if (key.isEmpty()) {
                unauthorized(response, "the API key is unknown or revoked");
                return;
            }
            if (key.get().readOnly() && !READS.contains(request.getMethod())) {
                problem(response, 403, "Forbidden", "this API key is read-only: it may only read (GET)");
                return;
            }
            request.setAttribute(TENANT_ATTRIBUTE, key.get().tenant());
            request.setAttribute(Caller.ATTRIBUTE, new Caller(key.get().id(), key.get().name()));
        }
        chain.doFilter(request, response);
    }

    /** Checks the admin token, answering 401 or 429 itself when the request may not go on. */
    private boolean admin(HttpServletRequest request, HttpServletResponse response, String path, String token)
            throws IOException {
        String client = request.getRemoteAddr();
        Optional<Duration> wait = adminAttempts.lockedOut(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", String.valueOf(seconds));
            problem(response, 429, "Too Many Requests", "too many wrong admin tokens from this address; try again in "
                    + seconds + " s");
            return false;
        }
        if (adminToken.matches(token)) {
            adminAttempts.succeeded(client);
            return true;
        }
        Optional<TenantService.AuthenticatedKey> tenantKey;
        try {
            tenantKey = tenants.authenticate(token);
        } catch (RuntimeException e) {
            // unknown whether it was a tenant's key: counted, since the answer still tells a guesser "not the token"
            adminAttempts.failed(client, path);
            databaseFailed(request, response, e);
            return false;
        }
        if (tenantKey.isPresent()) {
            // a tenant's key sent to the wrong API is no guess at the admin token: counting it would let tenants'
            // mistakes, all from a proxy's one address, lock the admin out
            adminAttempts.tenantKey(client, path, tenantKey.get());
            problem(response, 403, "Forbidden", "this is a tenant's API key; the admin API and the actuator take the"
                    + " admin token");
            return false;
        }
        adminAttempts.failed(client, path);
        unauthorized(response, "the admin token is wrong");
        return false;
    }

    /** The database did not answer: answered like any other request's failure, by the API's one advice. */
    private void databaseFailed(HttpServletRequest request, HttpServletResponse response, RuntimeException e) {
        if (exceptions.resolveException(request, response, null, e) == null) {
            throw e;
        }
    }

    /** The request as the admin's: the actuator shows health details to a request that has a principal. */
    private static HttpServletRequest asAdmin(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return ADMIN;
            }
        };
    }

    /**
     * The path the way the container and Spring MVC route it: decoded, without {@code ;parameters}, dot segments
     * resolved. The raw request URI would let {@code /api/admin;x/tenants} or {@code /api/%61dmin/tenants} reach the
     * admin API with a tenant key, and {@code /%61pi/...} skip authentication altogether.
     */
    private static String routedPath(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String value = header.substring(7).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        problem(response, 401, "Unauthorized", detail);
    }

    private void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
