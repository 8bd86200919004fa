package io.didpool.trunk;

import io.didpool.api.DomainException;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import io.didpool.tenant.TenantService;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Trunks' limits and who may use them. Read from the database every time (one primary-key lookup), so that an
 * admin's change applies to the very next call set-up on every instance.
 */
@Service
public class TrunkService {

    private final TrunkRepository trunks;
    private final TenantService tenants;
    private final ApplicationEventPublisher events;
    private final Audit audit;
    private final org.springframework.beans.factory.ObjectProvider<TwilioAccounts> twilioAccounts;

    TrunkService(TrunkRepository trunks, TenantService tenants, ApplicationEventPublisher events, Audit audit,
            org.springframework.beans.factory.ObjectProvider<TwilioAccounts> twilioAccounts) {
        this.trunks = trunks;
        this.twilioAccounts = twilioAccounts;
        this.tenants = tenants;
        this.events = events;
        this.audit = audit;
    }

    /** The trunk as configured, or with the defaults when it never was. */
    public Trunk get(String name) {
        return trunks.find(name).orElseGet(() -> Trunk.unconfigured(name));
    }

    /** The trunk's Twilio Elastic SIP Trunk and whose credentials reach it; empty when it has none. */
    public java.util.Optional<TwilioLink> twilioLink(String name) {
        return trunks.findLink(name);
    }

    public List<Trunk> configured() {
        return trunks.findAll();
    }

    /**
     * The trunks the tenant may use among the configured ones and those {@code named} (a trunk never configured has
     * the defaults and is open to everyone), by name; the trunks closed to it are left out.
     */
    public List<Trunk> usableBy(TenantId tenant, Collection<String> named) {
        Map<String, Trunk> byName = new TreeMap<>();
        trunks.findAll().forEach(trunk -> byName.put(trunk.name(), trunk));
        named.forEach(name -> byName.computeIfAbsent(name, Trunk::unconfigured));
        return byName.values().stream().filter(trunk -> trunk.openTo(tenant)).toList();
    }

    public boolean isOpenTo(TenantId tenant, String trunk) {
        return get(trunk).openTo(tenant);
    }

    /** Refuses (422) a trunk the tenant may not use. */
    public void requireOpenTo(TenantId tenant, String trunk) {
        if (!isOpenTo(tenant, trunk)) {
            throw new TrunkNotOpenException(trunk);
        }
    }

    /**
     * Sets the trunk's limits and tenants (all of them: a field left out takes its default). A trunk name is unique
     * regardless of case and keeps the case given: 'PRIV' is refused (409) while 'priv' is configured, since Asterisk's
     * configuration and operators' eyes confuse the two.
     */
    @Transactional
    Trunk configure(String name, Double callsPerSecond, Integer maxConcurrentCalls, List<UUID> openTo) {
        return configure(name, callsPerSecond, maxConcurrentCalls, openTo, null, null);
    }

    /**
     * The same, with the trunk's Twilio Elastic SIP Trunk {@code twilioTrunkSid} and {@code twilioTenant}, the
     * tenant whose stored credentials reach it: both or neither (400), a tenant that exists and has credentials (422).
     */
    @Transactional
    Trunk configure(String name, Double callsPerSecond, Integer maxConcurrentCalls, List<UUID> openTo,
            String twilioTrunkSid, UUID twilioTenant) {
        TwilioLink link = twilioLink(twilioTrunkSid, twilioTenant);
        if (!Trunk.isName(name)) {
            throw new DomainException.InvalidRequest("name: a trunk name is 1 to 64 letters, digits, '_' or '-'; got "
                    + io.didpool.api.FieldRefused.quoted(name));
        }
        List<UUID> tenantIds = null;
        if (openTo != null) {
            tenantIds = List.copyOf(new LinkedHashSet<>(openTo));
            List<UUID> unknown = tenantIds.stream().filter(id -> !tenants.exists(new TenantId(id))).toList();
            if (!unknown.isEmpty()) {
                throw new DomainException.UnresolvedReference("tenants: no tenant with id "
                        + String.join(", ", unknown.stream().map(UUID::toString).toList()));
            }
        }
        Trunk before = trunks.find(name).orElse(null);
        TwilioLink linkBefore = trunks.findLink(name).orElse(null);
        Trunk saved = trunks.save(new Trunk(name,
                callsPerSecond == null ? Trunk.DEFAULT_CALLS_PER_SECOND : callsPerSecond, maxConcurrentCalls,
                tenantIds, true), link).orElseThrow(() -> new NameTakenInAnotherCase(name,
                        trunks.findInAnyCase(name).map(Trunk::name).orElse("?")));
        audit.record(null, AuditEntity.TRUNK, name, "configure", audited(before, linkBefore), audited(saved, link));
        events.publishEvent(new TrunkConfigured(name));
        return saved;
    }

    private TwilioLink twilioLink(String trunkSid, UUID tenant) {
        if (trunkSid == null && tenant == null) {
            return null;
        }
        if (trunkSid == null) {
            throw new io.didpool.api.FieldRefused("twilioTrunkSid", "is required with twilioTenant (the Twilio"
                    + " Elastic SIP Trunk, TK followed by 32 lowercase hex digits)");
        }
        if (tenant == null) {
            throw new io.didpool.api.FieldRefused("twilioTenant", "is required with twilioTrunkSid: the id of the"
                    + " tenant whose stored Twilio credentials reach trunk " + trunkSid);
        }
        TenantId owner = new TenantId(tenant);
        if (!tenants.exists(owner)) {
            throw new DomainException.UnresolvedReference("twilioTenant: no tenant with id " + tenant);
        }
        TwilioAccounts accounts = twilioAccounts.getIfAvailable();
        if (accounts == null || !accounts.hasCredentials(owner)) {
            throw new DomainException.UnresolvedReference("twilioTenant: tenant " + tenant + " has no Twilio"
                    + " credentials stored (PUT /api/twilio/credentials with its key)");
        }
        return new TwilioLink(trunkSid, owner);
    }

    /** What the audit trail shows of a trunk: its settings and its Twilio trunk. */
    private static Map<String, Object> audited(Trunk trunk, TwilioLink link) {
        if (trunk == null) {
            return null;
        }
        Map<String, Object> shown = new java.util.LinkedHashMap<>();
        shown.put("name", trunk.name());
        shown.put("callsPerSecond", trunk.callsPerSecond());
        shown.put("maxConcurrentCalls", trunk.maxConcurrentCalls());
        shown.put("tenants", trunk.tenants());
        shown.put("twilioTrunkSid", link == null ? null : link.trunkSid());
        shown.put("twilioTenant", link == null || link.tenant() == null ? null : link.tenant().value());
        return shown;
    }

    /** 409: a configured trunk has the name in another case; the problem names it as {@code trunk}. */
    static final class NameTakenInAnotherCase extends DomainException.Conflict {

        private final String existing;

        NameTakenInAnotherCase(String name, String existing) {
            super("name: trunk " + existing + " is configured already, and trunk names are unique regardless of case;"
                    + " configure " + existing + " itself, or choose a name other than " + name);
            this.existing = existing;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("trunk", existing);
        }
    }
}
