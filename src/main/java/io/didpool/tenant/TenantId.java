package io.didpool.tenant;

import java.util.UUID;

/**
 * The tenant a request acts for. Controllers take it as a parameter (resolved from the API key by
 * {@link ApiKeyAuthenticationFilter}); every repository query of tenant data is scoped by it.
 */
public record TenantId(UUID value) {

    public TenantId {
        java.util.Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
