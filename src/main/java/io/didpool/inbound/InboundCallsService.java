package io.didpool.inbound;

import io.didpool.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Reading the inbound call records: a tenant reads its own; the admin token reads everyone's, the calls of no tenant
 * (a number that is no tenant's DID, or several tenants', or a call didpool could not decide in time) included.
 */
@Service
class InboundCallsService {

    private final InboundCallReads reads;

    InboundCallsService(InboundCallReads reads) {
        this.reads = reads;
    }

    Page ofTenant(TenantId tenant, InboundCallFilter filter, int page, int size) {
        InboundCallReads.Scope scope = InboundCallReads.Scope.of(tenant);
        return new Page(reads.find(scope, filter, page, size).stream().map(Row::item).toList(),
                reads.count(scope, filter), page, size);
    }

    /** Every record, or one tenant's when {@code tenant} is set. */
    AdminPage ofEveryone(UUID tenant, InboundCallFilter filter, int page, int size) {
        InboundCallReads.Scope scope = InboundCallReads.Scope.everyone(tenant);
        return new AdminPage(reads.find(scope, filter, page, size).stream().map(Row::admin).toList(),
                reads.count(scope, filter), page, size);
    }

    /**
     * One inbound call as a tenant sees it: when, the DID called, the caller (as the far end sent it, cleaned), the
     * decision and the route it took (null when refused), the execution and campaign a callback answers, and how the
     * call ended with its length (null until Asterisk says).
     */
    record Item(UUID id, Instant at, String did, String caller, InboundDecision decision, String route,
            UUID executionId, UUID campaignId, InboundOutcome outcome, Integer durationSeconds, String reason) {
    }

    /** The same, with its tenant (null: the call was no tenant's), for the admin. */
    record AdminItem(UUID id, UUID tenantId, Instant at, String did, String caller, InboundDecision decision,
            String route, UUID executionId, UUID campaignId, InboundOutcome outcome, Integer durationSeconds,
            String reason) {
    }

    /** A record as read, with its tenant. */
    record Row(UUID tenantId, Item item) {

        AdminItem admin() {
            return new AdminItem(item.id(), tenantId, item.at(), item.did(), item.caller(), item.decision(),
                    item.route(), item.executionId(), item.campaignId(), item.outcome(), item.durationSeconds(),
                    item.reason());
        }
    }

    record Page(List<Item> items, long total, int page, int size) {
    }

    record AdminPage(List<AdminItem> items, long total, int page, int size) {
    }
}
