package io.didpool.allocation;

import io.didpool.did.SegmentRenamed;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Follows renames for {@code sticky_caller_ids}, whose rows name a segment: a destination keeps its sticky DID when
 * the segment is renamed. Its rows are written with each batch ({@link BatchWriter}) and read with its candidates
 * ({@link CandidateReader}); a deleted segment's choices stay until pruned, and name a segment no DID is in. How
 * every stored reference follows renames and deletes: docs/references.md.
 */
@Repository
class StickyChoices {

    private final JdbcClient jdbc;

    StickyChoices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A renamed segment keeps its destinations' sticky choices; choices left under the new name by a segment of that
     * name deleted earlier go. Runs in the rename's transaction (the event is published inside it).
     */
    @EventListener
    void renamed(SegmentRenamed event) {
        jdbc.sql("DELETE FROM sticky_caller_ids WHERE tenant_id = :tenant AND segment = :to")
                .param("tenant", event.tenant().value())
                .param("to", event.to())
                .update();
        jdbc.sql("UPDATE sticky_caller_ids SET segment = :to WHERE tenant_id = :tenant AND segment = :from")
                .param("to", event.to())
                .param("tenant", event.tenant().value())
                .param("from", event.from())
                .update();
    }
}
