package io.didpool.allocation;

import io.didpool.did.Did;
import io.didpool.did.DidSql;
import io.didpool.platform.Pipelined;
import io.didpool.platform.SqlStates;
import io.didpool.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes what allocations used: a batch's counts, calls and sticky choices in one statement, a pinned DID's lock,
 * the row locks of a batch run again, and the taking back of uses whose COMMIT was in doubt. It owns the usage
 * columns of {@code asterisk_dids} ({@code usage_count}, {@code last_used_at}, the call bounds of V13 and
 * {@code last_call_seq}), {@code did_calls} and the writes of {@code sticky_caller_ids}.
 */
@Repository
class BatchWriter {

    /** SQLSTATE of the write that found a DID changed since the read (V16). */
    private static final String DIDS_CHANGED = "DPCHG";

    /** The statement of each shape, built once. */
    private static final Map<WriteShape, ParsedStatement> COUNT_USES = new ConcurrentHashMap<>();

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    BatchWriter(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Locks these DIDs' rows until the transaction ends, so that nothing changes them under a retried batch. */
    void lock(Collection<UUID> ids) {
        jdbc.sql("SELECT id FROM asterisk_dids WHERE id = ANY (CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE")
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, i) -> rs.getObject(1))
                .list();
    }

    /**
     * Locks one DID of the tenant for a pinned allocation and reads it after the lock, so that its calls include
     * every allocation committed before; empty when the tenant has no such DID.
     */
    Optional<Did> lockPinned(TenantId tenant, UUID didId) {
        boolean found = !jdbc.sql("SELECT id FROM asterisk_dids WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
                .param("tenant", tenant.value())
                .param("id", didId)
                .query((rs, i) -> rs.getObject(1))
                .list().isEmpty();
        if (!found) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + DidSql.columns("d") + " FROM asterisk_dids d" + DidSql.activity("d")
                        + " WHERE d.id = :id")
                .param("id", didId)
                .query(DidSql.ROW)
                .optional();
    }

    /**
     * One allocation of a batch: {@code did}, at position {@code step} of the batch, as read by
     * {@link CandidateReader#readCandidates} ({@code usageWas}, {@code lastUsedWas}, {@code numberWas}), for {@code destination}
     * (null when unknown).
     */
    record Use(UUID did, int step, long usageWas, Instant lastUsedWas, String numberWas, String destination) {
    }

    /**
     * A batch's writes in one statement: each DID's count rises by its uses (relative, so that nothing is lost), its
     * last use is the batch's time plus the position of its last pick in microseconds (so that the next batch sees
     * the order that one-by-one allocation would have left), each use is a call in {@code did_calls}, and each
     * destination's DID of the segment is remembered for sticky caller ID.
     *
     * <p>A DID is written only if it is still as it was read (count, last use, number), still in the pool and still
     * selectable: a pinned allocation, a rest or an operator's edit since the read leaves it out, and the answer then
     * lacks it. The caller rolls the batch back and retries it, locking those DIDs first.
     *
     * @return each DID written, as it was before the batch (its calls too: add the batch's own)
     */
    List<Did> countUses(TenantId tenant, String segment, List<Use> uses) {
        return countUsesStatement(tenant, segment, uses, false).run(template);
    }

    /**
     * {@link #countUses} as a statement that writes every DID or fails: when one changed since the read, it fails
     * ({@link #changedSinceRead}) instead of answering fewer rows, so that a COMMIT sent behind it in the same round
     * trip ({@link Pipelined}) never commits a batch in part.
     */
    Pipelined.Statement<List<Did>> countAllUsesStatement(TenantId tenant, String segment, List<Use> uses) {
        return countUsesStatement(tenant, segment, uses, true);
    }

    /** Whether {@code failure} is that of {@link #countAllUsesStatement} finding a DID changed since the read. */
    static boolean changedSinceRead(RuntimeException failure) {
        return DIDS_CHANGED.equals(SqlStates.of(failure));
    }

    private Pipelined.Statement<List<Did>> countUsesStatement(TenantId tenant, String segment, List<Use> uses,
            boolean all) {
        Map<UUID, int[]> perDid = new LinkedHashMap<>();
        Map<UUID, Use> firstUse = new LinkedHashMap<>();
        Map<String, Use> lastPerDestination = new LinkedHashMap<>();
        for (Use use : uses) {
            int[] usesAndLast = perDid.computeIfAbsent(use.did(), id -> new int[2]);
            usesAndLast[0]++;
            usesAndLast[1] = use.step();
            firstUse.putIfAbsent(use.did(), use);
            if (use.destination() != null) {
                lastPerDestination.remove(use.destination());
                lastPerDestination.put(use.destination(), use);
            }
        }
        List<Use> perDidFirst = new ArrayList<>(firstUse.values());
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenant", tenant.value())
                .addValue("segment", segment)
                .addValue("ids", perDid.keySet().stream().map(UUID::toString).toArray(String[]::new))
                .addValue("uses", perDid.values().stream().map(v -> v[0]).toArray(Integer[]::new))
                .addValue("lastPicks", perDid.values().stream().map(v -> v[1]).toArray(Integer[]::new))
                .addValue("usageWas", perDidFirst.stream().map(Use::usageWas).toArray(Long[]::new))
                .addValue("lastUsedWas", perDidFirst.stream()
                        .map(u -> u.lastUsedWas() == null ? null : u.lastUsedWas().toString()).toArray(String[]::new))
                .addValue("numberWas", perDidFirst.stream().map(Use::numberWas).toArray(String[]::new))
                .addValue("callIds", uses.stream().map(u -> u.did().toString()).toArray(String[]::new))
                .addValue("callSteps", uses.stream().map(Use::step).toArray(Integer[]::new))
                .addValue("stickyDestinations", lastPerDestination.keySet().toArray(String[]::new))
                .addValue("stickyIds", lastPerDestination.values().stream().map(u -> u.did().toString())
                        .toArray(String[]::new))
                .addValue("stickySteps", lastPerDestination.values().stream().map(Use::step).toArray(Integer[]::new))
                .addValue("dids", perDid.size());
        ParsedStatement statement = COUNT_USES.computeIfAbsent(new WriteShape(!lastPerDestination.isEmpty(), all),
                shape -> ParsedStatement.of(sql(shape)));
        return Pipelined.Statement.of(statement.sql(),
                Arrays.asList(NamedParameterUtils.buildValueArray(statement.parsed(), params, null)),
                new RowMapperResultSetExtractor<>(DidSql.ROW));
    }

    /** What the write's statement depends on: whether it remembers sticky choices, whether it writes all or fails. */
    record WriteShape(boolean sticky, boolean all) {
    }

    /** The statement of {@link #countUses}, with or without the sticky choices' part and the check that all went. */
    static String sql(WriteShape shape) {
        return """
                WITH p AS (
                    SELECT * FROM unnest(CAST(CAST(:ids AS varchar[]) AS uuid[]), CAST(:uses AS int[]),
                                         CAST(:lastPicks AS int[]), CAST(:usageWas AS bigint[]),
                                         CAST(CAST(:lastUsedWas AS varchar[]) AS timestamptz[]),
                                         CAST(:numberWas AS varchar[]))
                        AS p(id, uses, last_pick, usage_was, last_used_was, number_was)),
                -- each DID's calls before the batch, exactly (V13): its answer's, and with the batch's on its row;
                -- and the number of its last call, which its calls in the batch follow (V19)
                x AS (
                    SELECT p.*, e.*, a.last_call_seq FROM p JOIN asterisk_dids a ON a.id = p.id
                     CROSS JOIN LATERAL did_exact_calls(a.id, a.last_call_at, a.calls_hour_bound, a.calls_day_bound,
                                                        a.calls_hour_since, a.calls_day_since) e),
                upd AS (
                    UPDATE asterisk_dids AS d
                       SET usage_count = d.usage_count + x.uses,
                           last_used_at = statement_timestamp() + x.last_pick * INTERVAL '1 microsecond',
                           last_call_at = statement_timestamp() + x.last_pick * INTERVAL '1 microsecond',
                           calls_hour_bound = x.calls_last_hour + x.uses,
                           calls_day_bound = x.calls_last_day + x.uses,
                           calls_hour_since = coalesce(x.first_in_hour, statement_timestamp()),
                           calls_day_since = coalesce(x.first_in_day, statement_timestamp()),
                           last_call_seq = x.last_call_seq + x.uses
                      FROM x
                     WHERE d.id = x.id AND d.tenant_id = :tenant
                       AND (CAST(:segment AS varchar) IS NULL OR d.segment = :segment) AND %1$s
                       AND d.usage_count = x.usage_was AND d.last_used_at IS NOT DISTINCT FROM x.last_used_was
                       AND d.number = x.number_was
                    RETURNING d.*, x.calls_last_hour AS calls_hour_was, x.calls_last_day AS calls_day_was),
                calls AS (
                    INSERT INTO did_calls (did_id, seq, at)
                    SELECT c.id, x.last_call_seq + row_number() OVER (PARTITION BY c.id ORDER BY c.step),
                           statement_timestamp() + c.step * INTERVAL '1 microsecond'
                      FROM unnest(CAST(CAST(:callIds AS varchar[]) AS uuid[]), CAST(:callSteps AS int[]))
                           AS c(id, step)
                      JOIN x ON x.id = c.id%5$s)%3$s
                SELECT %2$s FROM upd u%4$s""".formatted(DidSql.selectable("d"), DidSql.columns("u"),
                !shape.sticky() ? "" : """
                        ,
                        sticky AS (
                            INSERT INTO sticky_caller_ids (tenant_id, segment, destination, did_id, at)
                            SELECT :tenant, u.segment, s.destination, s.id,
                                   statement_timestamp() + s.step * INTERVAL '1 microsecond'
                              FROM unnest(CAST(:stickyDestinations AS varchar[]),
                                          CAST(CAST(:stickyIds AS varchar[]) AS uuid[]), CAST(:stickySteps AS int[]))
                                   AS s(destination, id, step)
                              JOIN upd u ON u.id = s.id
                             WHERE u.segment IS NOT NULL
                            ON CONFLICT (tenant_id, segment, destination)
                            DO UPDATE SET did_id = EXCLUDED.did_id, at = EXCLUDED.at)""",
                " CROSS JOIN LATERAL (SELECT u.calls_hour_was AS calls_last_hour, u.calls_day_was AS calls_last_day)"
                        + " u_calls" + DidSql.answerRate("u"),
                // a data-modifying CTE always runs, whatever reads it: the check rides on the calls' insert, once
                // (an uncorrelated subquery), after the update has written every row it could (V16)
                !shape.all() ? "" : "\n                     WHERE (SELECT batch_written_as_read(:dids, count(*)) FROM upd)");
    }

    /**
     * Takes back uses that were counted by a transaction whose callers were told it failed ({@code uses[i]} from
     * {@code ids[i]}): its COMMIT got no answer, yet the server committed it. Never below zero (a reset since then
     * already took them). {@code last_used_at} keeps the time of those uses, and their calls stay in
     * {@code did_calls}: a cap counts them, which errs on the side of fewer calls.
     */
    void takeBackUses(UUID[] ids, Integer[] uses) {
        jdbc.sql("""
                        UPDATE asterisk_dids AS d
                           SET usage_count = greatest(d.usage_count - p.uses, 0)
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:uses AS int[])) AS p(id, uses)
                         WHERE d.id = p.id""")
                .param("ids", ids)
                .param("uses", uses)
                .update();
    }
}
