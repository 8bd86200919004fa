package io.didpool.tenant;

import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenants and their API keys. Other features only ask whether a tenant exists. */
@Service
public class TenantService {

    private final TenantRepository tenants;

    TenantService(TenantRepository tenants) {
        this.tenants = tenants;
    }

    /** Creates the tenant and its first API key; the key exists in clear only in the returned value. */
    @Transactional
    CreatedTenant create(String name) {
        TenantRepository.Tenant tenant = tenants.insert(name.strip());
        String key = ApiKeys.generate();
        tenants.insertKey(tenant.id(), ApiKeys.hash(key));
        return new CreatedTenant(tenant.id().toString(), tenant.name(), key);
    }

    public boolean exists(TenantId tenant) {
        return tenants.exists(tenant.value());
    }

    Optional<TenantId> authenticate(String apiKey) {
        if (!apiKey.startsWith(ApiKeys.PREFIX)) {
            return Optional.empty();
        }
        return tenants.tenantOfKey(ApiKeys.hash(apiKey)).map(TenantId::new);
    }

    record CreatedTenant(String id, String name, String apiKey) {
    }
}
