package io.didpool.did;

import io.didpool.audit.Undoing;
import io.didpool.tenant.TenantId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL of {@code did_changes}: what a bulk change or a CSV import did to each DID, kept so that its undo restores
 * exactly those DIDs (V36 describes the table). The change's own statement writes it ({@link #inserted}, a part of
 * that statement: no second pass over 100,000 DIDs), in the change's transaction; {@link #link} then ties it to the
 * change's audit entry. {@link #revert} is the undo.
 *
 * <p>The rule of "changed since": the undo compares values, not times. For each DID, the fields the change changed
 * (before differs from after) must still hold what the change set; then those fields get their value before back,
 * and the fields it did not change are left as they are. A DID whose field holds something else is skipped with the
 * reason, never overwritten; a DID deleted since is skipped. A DID the import created is deleted, unless it changed
 * since (any field) or was allocated since (it has a last use): then it is skipped. A DID changed and changed back
 * by hand since counts as unchanged.
 */
@Repository
class DidChangeLog {

    /** Skipped DIDs an undo lists (by number); how many were skipped in all is {@code matched - reverted}. */
    static final int MAX_SKIPPED_LISTED = 1000;

    /**
     * The columns of the relation that {@link #inserted} logs, one row per DID: for each field the change did not set,
     * null before and after; for a DID created, null before.
     */
    static final String LOGGED_COLUMNS = "id, number, created, segment_before, segment_after, trunk_before,"
            + " trunk_after, status_before, status_after, name_before, name_after";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DidChangeLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * An INSERT, for a data-modifying CTE of a change's statement, that logs the rows of {@code relation} (columns
     * {@link #LOGGED_COLUMNS}) as chunk {@code :chunk} of change {@code :changeId} of tenant {@code :tenant}; nothing
     * when the relation is empty. The aggregates of one SELECT read the rows in one order, so that the arrays line up.
     */
    static String inserted(String relation) {
        return """
                INSERT INTO did_changes (change_id, chunk, tenant_id, did_ids, numbers, created,
                                         segments_before, segments_after, trunks_before, trunks_after,
                                         statuses_before, statuses_after, names_before, names_after)
                SELECT CAST(:changeId AS uuid), :chunk, :tenant, array_agg(id), array_agg(number), array_agg(created),
                       array_agg(segment_before), array_agg(segment_after), array_agg(trunk_before),
                       array_agg(trunk_after), array_agg(status_before), array_agg(status_after),
                       array_agg(name_before), array_agg(name_after)
                  FROM %s
                HAVING count(*) > 0""".formatted(relation);
    }

    /** Ties every chunk of the change to its audit entry, in the change's transaction. */
    void link(UUID changeId, long entryId) {
        jdbc.sql("UPDATE did_changes SET audit_id = :entry WHERE change_id = :change")
                .param("entry", entryId)
                .param("change", changeId)
                .update();
    }

    /** Whether the entry has its DIDs logged (an entry of a change made before V36 has not). */
    boolean logged(TenantId tenant, long entryId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM did_changes WHERE tenant_id = :tenant AND audit_id = :entry)")
                .param("tenant", tenant.value())
                .param("entry", entryId)
                .query(Boolean.class)
                .single();
    }

    /** The trunks the change moved DIDs away from: the undo would move them back there. */
    List<String> trunksLeft(TenantId tenant, long entryId) {
        return jdbc.sql("""
                        SELECT DISTINCT u.before
                          FROM did_changes c, unnest(c.trunks_before, c.trunks_after) AS u (before, after)
                         WHERE c.tenant_id = :tenant AND c.audit_id = :entry
                           AND u.before IS NOT NULL AND u.before IS DISTINCT FROM u.after""")
                .param("tenant", tenant.value())
                .param("entry", entryId)
                .query(String.class)
                .list();
    }

    /** Drops the entry's log once it is undone: a second undo is refused anyway. */
    void forget(TenantId tenant, long entryId) {
        jdbc.sql("DELETE FROM did_changes WHERE tenant_id = :tenant AND audit_id = :entry")
                .param("tenant", tenant.value())
                .param("entry", entryId)
                .update();
    }

    /**
     * Undoes the logged change in one statement (see the class comment for the rule): the DIDs it changed get their
     * fields back, those it created are deleted, the others are skipped with a reason. A DID whose undo would move it
     * back to a trunk in {@code closedTrunks} (no longer open to the tenant) is skipped too. The write checks the
     * rule again on each row as it is then: a DID changed concurrently after this statement read it is left as that
     * change made it (not counted as reverted; not listed either). A dry run judges the same and writes nothing.
     */
    Reverted revert(TenantId tenant, long entryId, List<String> closedTrunks, boolean dryRun) {
        return jdbc.sql("""
                        WITH c AS (
                            SELECT u.* FROM did_changes ch
                            CROSS JOIN LATERAL unnest(ch.did_ids, ch.numbers, ch.created,
                                    ch.segments_before, ch.segments_after, ch.trunks_before, ch.trunks_after,
                                    ch.statuses_before, ch.statuses_after, ch.names_before, ch.names_after)
                                AS u (%1$s)
                             WHERE ch.tenant_id = :tenant AND ch.audit_id = :entry
                        ), held AS (
                            SELECT d.id, d.segment, d.trunk, d.status, d.friendly_name, d.last_used_at
                              FROM asterisk_dids d
                             WHERE d.tenant_id = :tenant AND d.id IN (SELECT id FROM c)
                        ), judged AS (
                            SELECT c.*, CASE
                                WHEN n.id IS NULL THEN 'deleted since'
                                WHEN c.created AND (n.segment, n.trunk, n.status, n.friendly_name)
                                        IS DISTINCT FROM (c.segment_after, c.trunk_after, c.status_after, c.name_after)
                                    THEN 'created by the import and changed since: delete it by hand if it is not wanted'
                                WHEN c.created AND n.last_used_at IS NOT NULL
                                    THEN 'created by the import and allocated since: delete it by hand if it is not wanted'
                                WHEN c.created THEN NULL
                                -- each field the change changed and that holds something else now says so
                                ELSE nullif(concat_ws('; ',
                                    CASE WHEN c.segment_before IS DISTINCT FROM c.segment_after
                                              AND n.segment IS DISTINCT FROM c.segment_after
                                        THEN 'segment changed since: it is ' || coalesce(n.segment, 'none')
                                             || ', the change set ' || coalesce(c.segment_after, 'none') END,
                                    CASE WHEN c.trunk_before IS DISTINCT FROM c.trunk_after
                                              AND n.trunk IS DISTINCT FROM c.trunk_after
                                        THEN 'trunk changed since: it is ' || n.trunk || ', the change set '
                                             || c.trunk_after END,
                                    CASE WHEN c.status_before IS DISTINCT FROM c.status_after
                                              AND n.status IS DISTINCT FROM c.status_after
                                        THEN 'status changed since: it is ' || n.status || ', the change set '
                                             || c.status_after END,
                                    CASE WHEN c.name_before IS DISTINCT FROM c.name_after
                                              AND n.friendly_name IS DISTINCT FROM c.name_after
                                        THEN 'friendlyName changed since' END,
                                    CASE WHEN c.trunk_before IS DISTINCT FROM c.trunk_after
                                              AND c.trunk_before = ANY (CAST(:closedTrunks AS varchar[]))
                                        THEN 'trunk ' || c.trunk_before || ' is no longer open to this tenant' END),
                                    '')
                                END AS reason
                              FROM c LEFT JOIN held n ON n.id = c.id
                        ), reverted AS (
                            UPDATE asterisk_dids d
                               SET segment = CASE WHEN j.segment_before IS DISTINCT FROM j.segment_after
                                                  THEN j.segment_before ELSE d.segment END,
                                   trunk = CASE WHEN j.trunk_before IS DISTINCT FROM j.trunk_after
                                                THEN j.trunk_before ELSE d.trunk END,
                                   status = CASE WHEN j.status_before IS DISTINCT FROM j.status_after
                                                 THEN j.status_before ELSE d.status END,
                                   friendly_name = CASE WHEN j.name_before IS DISTINCT FROM j.name_after
                                                        THEN j.name_before ELSE d.friendly_name END,
                                   updated_at = now()
                              FROM judged j
                             WHERE NOT :dryRun AND d.tenant_id = :tenant AND d.id = j.id
                               AND j.reason IS NULL AND NOT j.created
                               -- checked again on the row as it is when written (changed concurrently since this
                               -- statement read it: it holds what that change set, and is left so)
                               AND (j.segment_before IS NOT DISTINCT FROM j.segment_after
                                    OR d.segment IS NOT DISTINCT FROM j.segment_after)
                               AND (j.trunk_before IS NOT DISTINCT FROM j.trunk_after
                                    OR d.trunk IS NOT DISTINCT FROM j.trunk_after)
                               AND (j.status_before IS NOT DISTINCT FROM j.status_after
                                    OR d.status IS NOT DISTINCT FROM j.status_after)
                               AND (j.name_before IS NOT DISTINCT FROM j.name_after
                                    OR d.friendly_name IS NOT DISTINCT FROM j.name_after)
                            RETURNING 1
                        ), removed AS (
                            DELETE FROM asterisk_dids d USING judged j
                             WHERE NOT :dryRun AND d.tenant_id = :tenant AND d.id = j.id
                               AND j.reason IS NULL AND j.created
                               AND (d.segment, d.trunk, d.status, d.friendly_name)
                                   IS NOT DISTINCT FROM (j.segment_after, j.trunk_after, j.status_after, j.name_after)
                               AND d.last_used_at IS NULL
                            RETURNING 1
                        )
                        SELECT (SELECT count(*) FROM c) AS matched,
                               CASE WHEN :dryRun THEN (SELECT count(*) FROM judged WHERE reason IS NULL)
                                    ELSE (SELECT count(*) FROM reverted) + (SELECT count(*) FROM removed)
                               END AS reverted,
                               (SELECT jsonb_agg(jsonb_build_object('number', number, 'reason', reason)
                                                 ORDER BY number)
                                  FROM (SELECT number, reason FROM judged WHERE reason IS NOT NULL
                                         ORDER BY number LIMIT :maxListed) s)::text AS skipped"""
                        .formatted(LOGGED_COLUMNS))
                .param("tenant", tenant.value())
                .param("entry", entryId)
                .param("closedTrunks", closedTrunks.toArray(String[]::new))
                .param("dryRun", dryRun)
                .param("maxListed", MAX_SKIPPED_LISTED)
                .query((rs, row) -> new Reverted(rs.getLong("matched"), rs.getLong("reverted"),
                        skipped(rs.getString("skipped"))))
                .single();
    }

    private List<Undoing.Skipped> skipped(String listed) {
        if (listed == null) {
            return List.of();
        }
        JsonNode rows = json.readTree(listed);
        return rows.valueStream().map(r -> new Undoing.Skipped(r.get("number").asString(), r.get("reason").asString()))
                .toList();
    }

    /** An undo's outcome: DIDs the change touched, those restored (or deleted: created by it), the first skipped. */
    record Reverted(long matched, long reverted, List<Undoing.Skipped> skipped) {
    }
}
