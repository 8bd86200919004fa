package io.didpool.dialing;

import io.didpool.tenant.TenantId;
import java.util.List;
import java.util.UUID;

/**
 * A call to queue: to {@code destination}, with the caller ID chosen by rotation at set-up time from {@code didId}
 * (pinned) or {@code segment} and then {@code fallbackSegments} (null segment: all the tenant's DIDs).
 * {@code flowId} groups calls that share their tenant's turn on a trunk fairly with its other flows (a campaign id;
 * null: the tenant's single executions). {@code journeyId}: the journey whose hours (with its campaign's and its
 * tenant's) say when the call may start.
 */
public record CallRequest(TenantId tenant, UUID flowId, UUID journeyId, CallReference reference, String destination,
        UUID didId, String segment, List<String> fallbackSegments, String audioFile, String transferNumber) {

    public CallRequest {
        fallbackSegments = fallbackSegments == null ? List.of() : List.copyOf(fallbackSegments);
    }

    /** The flow a call is served in: its campaign, or the tenant itself. */
    UUID flow() {
        return flowId == null ? tenant.value() : flowId;
    }
}
