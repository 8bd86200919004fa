package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of a CSV import of DIDs: one statement per {@link #CSV_STATEMENT_ROWS} rows of the file inserts the new
 * numbers, updates the changed ones and leaves the rest untouched, and says what changed: per field, how many DIDs,
 * and the first rows (in the file's order) before and after. An import also logs each DID it changed or created
 * ({@link DidChangeLog}), for an undo: the values it overwrote (a DID changed concurrently after the statement read
 * it is left as that change made it, and is not counted). A dry run says the same and changes nothing.
 */
@Repository
class CsvImportRepository {

    /**
     * Rows written or previewed per statement: 50,000 in one statement took up to the 5 s statement timeout on a slow
     * machine (bench/operating), and a file's statements together still commit or fail as one.
     */
    static final int CSV_STATEMENT_ROWS = 5000;

    /** Changed DIDs an answer shows before and after. */
    static final int SAMPLE_ROWS = 20;

    /** The fields an import changes, as the API names them, in the order of the sample's columns. */
    static final List<String> FIELDS = List.of("segment", "trunk", "status", "friendlyName");

    /** The rows of the file as a relation, numbered in the file's order. */
    private static final String ROWS = """
            i AS (SELECT * FROM unnest(CAST(:numbers AS varchar[]), CAST(:segments AS varchar[]),
                        CAST(:trunks AS varchar[]), CAST(:statuses AS varchar[]), CAST(:names AS varchar[]))
                    WITH ORDINALITY AS i (number, segment, trunk, status, friendly_name, ord))""";

    /**
     * The existing DIDs that a row changes, with their values before and after. A null trunk or status keeps the
     * DID's, a null segment or friendly name clears it when the file has that column, else keeps it.
     */
    private static final String CHANGING = """
            changing AS (
                SELECT i.ord, d.id, d.number, d.segment AS segment_before, n.segment AS segment_after,
                       d.trunk AS trunk_before, n.trunk AS trunk_after, d.status AS status_before,
                       n.status AS status_after, d.friendly_name AS name_before, n.friendly_name AS name_after
                  FROM i
                  JOIN asterisk_dids d ON d.tenant_id = :tenant AND d.number = i.number
                 CROSS JOIN LATERAL (SELECT CASE WHEN :withSegment THEN i.segment ELSE d.segment END,
                                            coalesce(i.trunk, d.trunk), coalesce(i.status, d.status),
                                            CASE WHEN :withName THEN i.friendly_name ELSE d.friendly_name END)
                       AS n (segment, trunk, status, friendly_name)
                 WHERE (d.segment, d.trunk, d.status, d.friendly_name)
                       IS DISTINCT FROM (n.segment, n.trunk, n.status, n.friendly_name))""";

    /**
     * Per field, how many DIDs of relation {@code %1$s} (columns as {@link #CHANGING}'s) change; and the first changed
     * rows, each an array of number, then before, after per field.
     */
    private static final String DIFF = """
            (SELECT count(*) FROM %1$s WHERE segment_before IS DISTINCT FROM segment_after) AS segment_changes,
            (SELECT count(*) FROM %1$s WHERE trunk_before IS DISTINCT FROM trunk_after) AS trunk_changes,
            (SELECT count(*) FROM %1$s WHERE status_before IS DISTINCT FROM status_after) AS status_changes,
            (SELECT count(*) FROM %1$s WHERE name_before IS DISTINCT FROM name_after) AS name_changes,
            (SELECT jsonb_agg(jsonb_build_array(number, segment_before, segment_after, trunk_before, trunk_after,
                                                status_before, status_after, name_before, name_after) ORDER BY ord)
               FROM (SELECT * FROM %1$s ORDER BY ord LIMIT :sampleRows) s)::text AS sample""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CsvImportRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Writes the rows: new numbers become DIDs (source {@code csv}), existing ones get the row's values, logged as
     * change {@code changeId}. One statement per {@link #CSV_STATEMENT_ROWS} rows, in the caller's transaction: in
     * each, the insert and the update see the same snapshot, so a number inserted there is not also counted as
     * updated (a file names a number once, {@link DidCsv}); and no statement of a file of 50,000 rows runs into the
     * statement timeout.
     */
    Outcome upsert(TenantId tenant, CsvRows rows, UUID changeId) {
        return each(jdbc.sql("WITH " + ROWS + ", " + CHANGING + """
                , created AS (
                    INSERT INTO asterisk_dids (id, tenant_id, number, segment, trunk, status, friendly_name,
                                               import_source)
                    SELECT gen_random_uuid(), :tenant, i.number, i.segment, coalesce(i.trunk, :defaultTrunk),
                           coalesce(i.status, :defaultStatus), i.friendly_name, 'csv'
                      FROM i
                    ON CONFLICT (tenant_id, number) DO NOTHING
                    RETURNING id, number, segment, trunk, status, friendly_name
                ), updated AS (
                    -- a DID changed by another transaction since this statement's snapshot (the UPDATE sees its new
                    -- values once that commits) is left as it made it: what is logged is what was overwritten
                    UPDATE asterisk_dids d
                       SET (segment, trunk, status, friendly_name)
                           = (c.segment_after, c.trunk_after, c.status_after, c.name_after),
                           updated_at = now()
                      FROM changing c
                     WHERE d.id = c.id
                       AND (d.segment, d.trunk, d.status, d.friendly_name)
                           IS NOT DISTINCT FROM (c.segment_before, c.trunk_before, c.status_before, c.name_before)
                    RETURNING c.*
                ), logged AS (
                    %1$s
                )
                SELECT (SELECT count(*) FROM created) AS created, (SELECT count(*) FROM updated) AS updated, %2$s"""
                .formatted(DidChangeLog.inserted("""
                        (SELECT id, number, false, segment_before, segment_after, trunk_before, trunk_after,
                                status_before, status_after, name_before, name_after
                           FROM updated
                         UNION ALL
                         SELECT id, number, true, NULL, segment, NULL, trunk, NULL, status, NULL, friendly_name
                           FROM created) AS c (%s)""".formatted(DidChangeLog.LOGGED_COLUMNS)),
                        DIFF.formatted("updated"))),
                tenant, rows, changeId);
    }

    /** What {@link #upsert} would do, changing nothing. */
    Outcome preview(TenantId tenant, CsvRows rows) {
        return each(jdbc.sql("WITH " + ROWS + ", " + CHANGING + """
                SELECT (SELECT count(*) FROM i WHERE NOT EXISTS (SELECT 1 FROM asterisk_dids d
                                                                  WHERE d.tenant_id = :tenant
                                                                    AND d.number = i.number)) AS created,
                       (SELECT count(*) FROM changing) AS updated, %s""".formatted(DIFF.formatted("changing"))),
                tenant, rows, null);
    }

    /** Runs the statement on each slice of the rows and adds their outcomes up. */
    private Outcome each(JdbcClient.StatementSpec statement, TenantId tenant, CsvRows rows, UUID changeId) {
        Outcome total = Outcome.NONE;
        for (int from = 0; from < rows.numbers().length; from += CSV_STATEMENT_ROWS) {
            CsvRows slice = rows.slice(from, Math.min(from + CSV_STATEMENT_ROWS, rows.numbers().length));
            total = total.plus(statement
                    .param("tenant", tenant.value())
                    .param("defaultTrunk", DidRules.DEFAULT_TRUNK)
                    .param("defaultStatus", DidRules.DEFAULT_STATUS)
                    .param("withSegment", slice.withSegment())
                    .param("withName", slice.withFriendlyName())
                    .param("numbers", slice.numbers())
                    .param("segments", slice.segments())
                    .param("trunks", slice.trunks())
                    .param("statuses", slice.statuses())
                    .param("names", slice.friendlyNames())
                    .param("sampleRows", SAMPLE_ROWS)
                    .param("changeId", changeId)
                    .param("chunk", from / CSV_STATEMENT_ROWS)
                    .query((rs, row) -> new Outcome(rs.getLong("created"), rs.getLong("updated"),
                            changes(rs.getLong("segment_changes"), rs.getLong("trunk_changes"),
                                    rs.getLong("status_changes"), rs.getLong("name_changes")),
                            sample(rs.getString("sample"))))
                    .single());
        }
        return total;
    }

    private static Map<String, Long> changes(long... counts) {
        Map<String, Long> changes = new LinkedHashMap<>();
        for (int k = 0; k < FIELDS.size(); k++) {
            changes.put(FIELDS.get(k), counts[k]);
        }
        return changes;
    }

    /** The sample's rows, each with only the fields that change. */
    private List<Change> sample(String rows) {
        if (rows == null) {
            return List.of();
        }
        List<Change> sample = new ArrayList<>();
        for (JsonNode row : json.readTree(rows)) {
            Map<String, String> before = new LinkedHashMap<>();
            Map<String, String> after = new LinkedHashMap<>();
            for (int k = 0; k < FIELDS.size(); k++) {
                String was = text(row.get(1 + 2 * k));
                String becomes = text(row.get(2 + 2 * k));
                if (!Objects.equals(was, becomes)) {
                    before.put(FIELDS.get(k), was);
                    after.put(FIELDS.get(k), becomes);
                }
            }
            sample.add(new Change(row.get(0).asString(), before, after));
        }
        return sample;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asString();
    }

    /**
     * What a file does: DIDs created and updated; per field ({@link #FIELDS}), how many existing DIDs it changes; the
     * first {@link #SAMPLE_ROWS} changed DIDs, in the file's order.
     */
    record Outcome(long created, long updated, Map<String, Long> changes, List<Change> sample) {

        static final Outcome NONE = new Outcome(0, 0, CsvImportRepository.changes(0, 0, 0, 0), List.of());

        Outcome plus(Outcome more) {
            Map<String, Long> sum = new LinkedHashMap<>(changes);
            more.changes.forEach((field, n) -> sum.merge(field, n, Long::sum));
            List<Change> first = new ArrayList<>(sample);
            first.addAll(more.sample.subList(0, Math.min(more.sample.size(), SAMPLE_ROWS - first.size())));
            return new Outcome(created + more.created, updated + more.updated, sum, List.copyOf(first));
        }
    }

    /** One changed DID: its number, and the fields that change, before and after. */
    record Change(String number, Map<String, String> before, Map<String, String> after) {
    }

    /** The valid rows of a CSV file, one array per column, and whether the file had the clearable columns. */
    record CsvRows(String[] numbers, String[] segments, String[] trunks, String[] statuses, String[] friendlyNames,
            boolean withSegment, boolean withFriendlyName) {

        /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
        CsvRows slice(int from, int to) {
            return new CsvRows(Arrays.copyOfRange(numbers, from, to), Arrays.copyOfRange(segments, from, to),
                    Arrays.copyOfRange(trunks, from, to), Arrays.copyOfRange(statuses, from, to),
                    Arrays.copyOfRange(friendlyNames, from, to), withSegment, withFriendlyName);
        }
    }
}
