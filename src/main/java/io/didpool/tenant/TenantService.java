package io.didpool.tenant;

import io.didpool.api.DomainException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenants and their API keys (admin API), and finding the key of a request. */
@Service
public class TenantService {

    /** The name of the key a tenant is created with. */
    static final String FIRST_KEY = "default";

    private final TenantRepository tenants;
    private final ApplicationEventPublisher events;

    TenantService(TenantRepository tenants, ApplicationEventPublisher events) {
        this.tenants = tenants;
        this.events = events;
    }

    /** Creates the tenant and its first API key; the key exists in clear only in the returned value. 409: name taken. */
    @Transactional
    CreatedTenant create(String name) {
        TenantRepository.Tenant tenant = tenants.insert(name.strip()).orElseThrow(() ->
                new DomainException.Conflict("name: a tenant named " + name.strip() + " already exists"));
        events.publishEvent(new TenantChange.TenantCreated(new TenantId(tenant.id()), tenant.name()));
        CreatedKey key = newKey(tenant.id(), FIRST_KEY, false);
        return new CreatedTenant(tenant.id().toString(), tenant.name(), key.apiKey());
    }

    List<TenantRepository.Tenant> list() {
        return tenants.findAll();
    }

    public boolean exists(TenantId tenant) {
        return tenants.exists(tenant.value());
    }

    /** A new key of the tenant (404 unknown tenant, 409 a key in use has the name); its secret is shown this once. */
    @Transactional
    CreatedKey createKey(UUID tenantId, String name, boolean readOnly) {
        requireTenant(tenantId);
        return newKey(tenantId, name.strip(), readOnly);
    }

    List<KeyView> keys(UUID tenantId) {
        requireTenant(tenantId);
        return tenants.keys(tenantId).stream().map(KeyView::of).toList();
    }

    /** Revokes the key: its next request answers 401. Revoking a revoked key changes nothing. */
    @Transactional
    void revokeKey(UUID tenantId, UUID keyId) {
        TenantRepository.Key before = tenants.key(tenantId, keyId).orElseThrow(() ->
                new DomainException.NotFound("no key with id " + keyId + " for tenant " + tenantId));
        if (before.revokedAt() != null) {
            return;
        }
        TenantRepository.Key after = tenants.revoke(tenantId, keyId).orElseThrow();
        events.publishEvent(new TenantChange.KeyRevoked(new TenantId(tenantId), keyId, KeyView.of(before),
                KeyView.of(after)));
    }

    /** The key in use that {@code apiKey} is, read from the database on every request (no cache). */
    Optional<AuthenticatedKey> authenticate(String apiKey) {
        if (!apiKey.startsWith(ApiKeys.PREFIX)) {
            return Optional.empty();
        }
        return tenants.keyInUse(ApiKeys.hash(apiKey)).map(key ->
                new AuthenticatedKey(new TenantId(key.tenantId()), key.id(), key.name(), key.readOnly()));
    }

    private CreatedKey newKey(UUID tenantId, String name, boolean readOnly) {
        String secret = ApiKeys.generate();
        TenantRepository.Key key = tenants.insertKey(tenantId, name, readOnly, ApiKeys.hash(secret)).orElseThrow(() ->
                new DomainException.Conflict("name: the tenant already has a key named " + name
                        + " in use; choose another name or revoke that key first"));
        events.publishEvent(new TenantChange.KeyCreated(new TenantId(tenantId), key.id(), KeyView.of(key)));
        return new CreatedKey(key.id(), key.name(), key.readOnly(), secret);
    }

    private void requireTenant(UUID tenantId) {
        if (!tenants.exists(tenantId)) {
            throw new DomainException.NotFound("no tenant with id " + tenantId);
        }
    }

    record CreatedTenant(String id, String name, String apiKey) {
    }

    /** A new key: the only answer that carries its secret. */
    record CreatedKey(UUID id, String name, boolean readOnly, String apiKey) {
    }

    /** A key as listed and as the audit trail records it: never its secret. */
    record KeyView(UUID id, String name, boolean readOnly, Instant createdAt, Instant revokedAt) {
        static KeyView of(TenantRepository.Key key) {
            return new KeyView(key.id(), key.name(), key.readOnly(), key.createdAt(), key.revokedAt());
        }
    }

    /** The key a request authenticated with. */
    record AuthenticatedKey(TenantId tenant, UUID id, String name, boolean readOnly) {
    }
}
