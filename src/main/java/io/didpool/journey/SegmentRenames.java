package io.didpool.journey;

import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.did.SegmentRenamed;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A renamed segment's journey nodes follow it: runs inside the rename's transaction (a plain, synchronous listener),
 * so that the DIDs and the nodes are renamed together or not at all. Each journey changed gets an audit entry. Both
 * the node's segment and its fallback segments follow, each where it stands. Every stored reference and how it
 * follows renames and deletes: docs/references.md.
 */
@Component
class SegmentRenames {

    private final JourneyRepository journeys;
    private final Audit audit;

    SegmentRenames(JourneyRepository journeys, Audit audit) {
        this.journeys = journeys;
        this.audit = audit;
    }

    @EventListener
    void renamed(SegmentRenamed event) {
        for (UUID journey : journeys.renameSegment(event.tenant(), event.from(), event.to())) {
            audit.record(event.tenant(), AuditEntity.JOURNEY, journey, "segment-renamed",
                    Map.of("didSegment", event.from()), Map.of("didSegment", event.to()));
        }
    }
}
