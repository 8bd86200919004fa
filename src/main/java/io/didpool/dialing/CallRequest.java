package io.didpool.dialing;

import io.didpool.tenant.TenantId;
import java.util.UUID;

/**
 * A call to queue: to {@code destination}, with the caller ID chosen by rotation at set-up time from {@code didId}
 * (pinned) or {@code segment} (null: all the tenant's DIDs). {@code flowId} groups calls that share their tenant's
 * turn on a trunk fairly with its other flows (a campaign id; null: the tenant's single executions).
 */
public record CallRequest(TenantId tenant, UUID flowId, CallReference reference, String destination, UUID didId,
        String segment, String audioFile, String transferNumber) {

    /** The flow a call is served in: its campaign, or the tenant itself. */
    UUID flow() {
        return flowId == null ? tenant.value() : flowId;
    }
}
