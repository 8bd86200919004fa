package io.didpool.dialing;

import io.didpool.did.SegmentRenaming;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Follows renames for the segments a queued call asks for ({@code calls.want_segment}, {@code calls.want_fallbacks}):
 * rotation chooses a call's DID only when it gets its set-up slot, so a call queued behind a slow trunk would
 * otherwise ask for a segment that no longer exists and fail. Calls already dialling or ended keep the names they had:
 * their DID is chosen and kept for every later attempt, and the segment it came from ({@code did_segment}) is
 * history. The contract of every stored reference is in docs/references.md.
 */
@Component
class QueuedCallSegments {

    private final CallLifecycle calls;

    QueuedCallSegments(CallLifecycle calls) {
        this.calls = calls;
    }

    /**
     * Runs in the rename's transaction (the event is published inside it), so DIDs and queued calls move together, and
     * before the DIDs move: a call getting its slot holds its row, then waits for DIDs; taking the calls first waits
     * for that claim to finish with the old name instead of deadlocking with it. Calls being claimed are skipped by
     * later claims (SKIP LOCKED) until the rename commits.
     */
    @EventListener
    void renamed(SegmentRenaming event) {
        calls.renameWantedSegment(event.tenant(), event.from(), event.to());
    }
}
