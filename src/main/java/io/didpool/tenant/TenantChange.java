package io.didpool.tenant;

import java.util.UUID;

/**
 * A change to a tenant or its keys, published inside the transaction that makes it, so that a listener's own writes
 * (the audit trail) commit or roll back with it. {@code before} and {@code after} are what a reader may see of it
 * (never a key's secret).
 */
public sealed interface TenantChange {

    TenantId tenant();

    record TenantCreated(TenantId tenant, String name) implements TenantChange {
    }

    record KeyCreated(TenantId tenant, UUID keyId, Object after) implements TenantChange {
    }

    record KeyRevoked(TenantId tenant, UUID keyId, Object before, Object after) implements TenantChange {
    }
}
