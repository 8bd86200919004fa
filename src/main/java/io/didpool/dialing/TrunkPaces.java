package io.didpool.dialing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The pace of each trunk ({@code trunk_pacing}): when its next call set-up may start. Its row is the first lock a
 * claim takes (see {@link SlotClaims} for the order of locks).
 */
@Repository
class TrunkPaces {

    private final JdbcClient jdbc;

    TrunkPaces(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Gives every trunk of the calls being queued (one per call, repeats allowed) its pace row. */
    void ensure(List<QueuedCall> calls) {
        jdbc.sql("""
                        INSERT INTO trunk_pacing (trunk) SELECT DISTINCT t FROM unnest(CAST(:trunks AS varchar[])) t
                        ON CONFLICT DO NOTHING""")
                .param("trunks", calls.stream().map(QueuedCall::trunk).toArray(String[]::new))
                .update();
    }

    /** Gives the trunk a pace row (a call moves to its queue). */
    void ensure(String trunk) {
        jdbc.sql("INSERT INTO trunk_pacing (trunk) VALUES (:trunk) ON CONFLICT DO NOTHING")
                .param("trunk", trunk)
                .update();
    }

    /**
     * Locks the trunk's pace for this transaction and reads it with the database's clock, the one clock every
     * instance shares. Empty when another instance holds it (it is handing out this trunk's slots right now).
     */
    Optional<PaceRow> lock(String trunk) {
        return jdbc.sql("""
                        SELECT next_slot_at, clock_timestamp() AS now FROM trunk_pacing
                         WHERE trunk = :trunk FOR UPDATE SKIP LOCKED""")
                .param("trunk", trunk)
                .query((rs, i) -> new PaceRow(Columns.instant(rs, "next_slot_at"), Columns.instant(rs, "now")))
                .optional();
    }

    void advance(String trunk, Instant nextSlot) {
        jdbc.sql("UPDATE trunk_pacing SET next_slot_at = :next WHERE trunk = :trunk")
                .param("next", Timestamp.from(nextSlot))
                .param("trunk", trunk)
                .update();
    }

    record PaceRow(Instant nextSlot, Instant now) {
    }
}
