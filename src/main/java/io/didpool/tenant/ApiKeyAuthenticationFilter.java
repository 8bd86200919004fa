package io.didpool.tenant;

import io.didpool.audit.Actor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/**} request carries {@code Authorization: Bearer <key>}: the admin token on
 * {@code /api/admin/**}, a tenant API key everywhere else. The tenant found for the key is put on the request
 * for {@link TenantIdArgumentResolver}, and the acting key for the audit trail ({@link Actor}); anything else is
 * answered 401 here, as a problem detail, and a read-only key's request other than a read 403.
 */
@Component
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String TENANT_ATTRIBUTE = ApiKeyAuthenticationFilter.class.getName() + ".tenant";
    /** What a read-only key may do. */
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final TenantService tenants;
    private final AdminToken adminToken;
    private final JsonMapper json;

    ApiKeyAuthenticationFilter(TenantService tenants, AdminToken adminToken, JsonMapper json) {
        this.tenants = tenants;
        this.adminToken = adminToken;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !routedPath(request).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> bearer = bearer(request);
        if (bearer.isEmpty()) {
            unauthorized(response, "missing Authorization: Bearer header");
            return;
        }
        if (routedPath(request).startsWith("/api/admin/")) {
            if (!adminToken.matches(bearer.get())) {
                unauthorized(response, "the admin token is wrong");
                return;
            }
            request.setAttribute(Actor.ATTRIBUTE, Actor.ADMIN);
        } else {
            Optional<TenantService.AuthenticatedKey> key = tenants.authenticate(bearer.get());
            if (key.isEmpty()) {
                unauthorized(response, "the API key is unknown or revoked");
                return;
            }
            if (key.get().readOnly() && !READS.contains(request.getMethod())) {
                problem(response, 403, "Forbidden", "this API key is read-only: it may only read (GET)");
                return;
            }
            request.setAttribute(TENANT_ATTRIBUTE, key.get().tenant());
            request.setAttribute(Actor.ATTRIBUTE, new Actor(key.get().id(), key.get().name()));
        }
        chain.doFilter(request, response);
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
