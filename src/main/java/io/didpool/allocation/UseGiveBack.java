package io.didpool.allocation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Gives back the uses of calls whose Originate never left (cancelled while queued, interrupted before they were sent,
 * ended unplaced): each DID's count falls by its uses given back, each use's call leaves {@code did_calls}, and what
 * the DID's row derives from its calls follows (V13's bounds, V19's last call number, its last call and last use), so
 * that caps, rotation and the API see only calls attempted. The tables are {@link BatchWriter}'s (the usage columns of
 * {@code asterisk_dids}, {@code did_calls}, {@code sticky_caller_ids}), written here to undo what it wrote.
 *
 * <p>Lock order: DID rows only, in the order of their ids as {@link BatchWriter#lock} takes them, and no pool lock (a
 * give-back only lowers counts). A batch that read one of these DIDs before finds it changed at its write and runs
 * again with it locked, as after any edit; the lower count reaches the floors of V17 through its trigger.
 */
@Repository
class UseGiveBack {

    private final JdbcClient jdbc;
    private final BatchWriter writer;

    UseGiveBack(JdbcClient jdbc, BatchWriter writer) {
        this.jdbc = jdbc;
        this.writer = writer;
    }

    void giveBack(List<AllocationService.CountedUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        String[] dids = uses.stream().map(u -> u.didId().toString()).toArray(String[]::new);
        // null for a call given its DID before V27: its count is given back, its call (unknown) stays
        String[] usedAt = uses.stream().map(u -> u.usedAt() == null ? null : u.usedAt().toString())
                .toArray(String[]::new);
        writer.lock(uses.stream().map(AllocationService.CountedUse::didId).distinct().toList());
        jdbc.sql("""
                        DELETE FROM sticky_caller_ids s
                         USING unnest(CAST(CAST(:dids AS varchar[]) AS uuid[]), CAST(:destinations AS varchar[]),
                                      CAST(CAST(:usedAt AS varchar[]) AS timestamptz[])) AS u(did_id, destination, at)
                          JOIN asterisk_dids d ON d.id = u.did_id
                         WHERE s.tenant_id = d.tenant_id AND s.segment = d.segment AND s.destination = u.destination
                           AND s.did_id = u.did_id AND s.at = u.at""")
                .param("dids", dids)
                .param("destinations", uses.stream().map(AllocationService.CountedUse::destination)
                        .toArray(String[]::new))
                .param("usedAt", usedAt)
                .update();
        List<RemovedCall> removed = jdbc.sql("""
                        DELETE FROM did_calls c
                         USING unnest(CAST(CAST(:dids AS varchar[]) AS uuid[]),
                                      CAST(CAST(:usedAt AS varchar[]) AS timestamptz[])) AS u(did_id, at)
                         WHERE c.did_id = u.did_id AND c.at = u.at
                        RETURNING c.did_id, c.seq, c.at""")
                .param("dids", dids)
                .param("usedAt", usedAt)
                .query((rs, i) -> new RemovedCall(rs.getObject("did_id", UUID.class), rs.getLong("seq"),
                        rs.getTimestamp("at").toInstant()))
                .list();
        String[] removedDids = removed.stream().map(r -> r.did().toString()).toArray(String[]::new);
        if (!removed.isEmpty()) {
            // the DID's later calls close the gap: a count of calls is a difference of their numbers (V10, V19)
            jdbc.sql("""
                            WITH r AS (SELECT * FROM unnest(CAST(CAST(:dids AS varchar[]) AS uuid[]),
                                                            CAST(:seqs AS bigint[])) AS r(did_id, seq))
                            UPDATE did_calls c
                               SET seq = c.seq - (SELECT count(*) FROM r WHERE r.did_id = c.did_id AND r.seq < c.seq)
                             WHERE c.did_id IN (SELECT did_id FROM r)
                               AND c.seq > (SELECT min(r.seq) FROM r WHERE r.did_id = c.did_id)""")
                    .param("dids", removedDids)
                    .param("seqs", removed.stream().map(RemovedCall::seq).toArray(Long[]::new))
                    .update();
        }
        jdbc.sql("""
                        WITH g AS (SELECT did_id, count(*) AS uses
                                     FROM unnest(CAST(CAST(:dids AS varchar[]) AS uuid[])) AS g(did_id)
                                    GROUP BY did_id),
                        r AS (SELECT * FROM unnest(CAST(CAST(:removedDids AS varchar[]) AS uuid[]),
                                                   CAST(CAST(:removedAts AS varchar[]) AS timestamptz[]))
                                         AS r(did_id, at)),
                        -- per DID: its uses given back, its calls removed, and of those how many each bound counted
                        -- (a bound counts the calls from its "since" on, V13); its last call kept
                        k AS (SELECT g.did_id, g.uses, count(r.at) AS calls, max(r.at) AS last_removed,
                                     count(r.at) FILTER (WHERE r.at >= a.calls_hour_since) AS hour_calls,
                                     count(r.at) FILTER (WHERE r.at >= a.calls_day_since) AS day_calls,
                                     (SELECT max(c.at) FROM did_calls c WHERE c.did_id = g.did_id) AS last_kept
                                FROM g JOIN asterisk_dids a ON a.id = g.did_id
                                LEFT JOIN r ON r.did_id = g.did_id
                               GROUP BY g.did_id, g.uses, a.calls_hour_since, a.calls_day_since)
                        UPDATE asterisk_dids AS d
                           -- never below zero: a reset since the use already took it
                           SET usage_count = greatest(d.usage_count - k.uses, 0),
                               last_call_seq = d.last_call_seq - k.calls,
                               calls_hour_bound = d.calls_hour_bound - k.hour_calls,
                               calls_day_bound = d.calls_day_bound - k.day_calls,
                               last_call_at = CASE WHEN k.last_removed >= d.last_call_at THEN k.last_kept
                                                   ELSE d.last_call_at END,
                               -- the use before it, when it was the last; none when the DID has no call left at all
                               last_used_at = CASE WHEN k.last_removed IS NULL OR k.last_removed < d.last_used_at
                                                        THEN d.last_used_at
                                                   WHEN k.last_kept IS NOT NULL THEN k.last_kept
                                                   WHEN d.last_call_seq - k.calls = 0 THEN NULL
                                                   ELSE d.last_used_at END
                          FROM k
                         WHERE d.id = k.did_id""")
                .param("dids", dids)
                .param("removedDids", removedDids)
                .param("removedAts", removed.stream().map(r -> r.at().toString()).toArray(String[]::new))
                .update();
    }

    /** A call removed from {@code did_calls}: its DID, its number and its time. */
    private record RemovedCall(UUID did, long seq, Instant at) {
    }
}
