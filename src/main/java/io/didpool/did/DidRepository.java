package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the DID inventory. Every statement is scoped by tenant: another tenant's id simply finds nothing. */
@Repository
class DidRepository {

    /** The selectable statuses as an SQL list, for {@link #selectable}. */
    private static final String SELECTABLE_STATUSES = String.join(", ",
            DidRules.SELECTABLE_STATUSES.stream().map(s -> "'" + s + "'").toList());

    /**
     * "Selectable" in SQL, for the DID row named {@code alias}: the one definition every statement on DIDs uses
     * ({@link DidRules#selectable}). {@code now()} is the transaction's start: a resting DID returns by itself. A DID
     * whose number a check found NOT_ON_ACCOUNT is not selectable (V37).
     */
    static String selectable(String alias) {
        // ownership is read from the row the rotation's partial index leads to, as resting_until is: no index change
        return "(%2$s AND (%1$s.resting_until IS NULL OR %1$s.resting_until <= now()) AND %3$s)"
                .formatted(alias, inSelectableStatus(alias), notOffAccount(alias));
    }

    /** Not found missing from the Twilio account of its trunk: ownership null (never checked) or found there. */
    static String notOffAccount(String alias) {
        return "%1$s.ownership IS DISTINCT FROM '%2$s'".formatted(alias, Ownership.NOT_ON_ACCOUNT.name());
    }

    /** A status that rotation may choose, resting or not: the predicate of the rotation's partial indexes. */
    static String inSelectableStatus(String alias) {
        return "%1$s.status IN (%2$s)".formatted(alias, SELECTABLE_STATUSES);
    }

    /** "Selectable" of a row of the table that a query does not alias. */
    static final String SELECTABLE = selectable("asterisk_dids");

    /** Rows read at a time by {@link #forEach}. */
    static final int STREAM_FETCH = 1000;

    /** Digits written the way people write phone numbers: "+1 (415) 555-0100". */
    private static final Pattern PHONE_LIKE = Pattern.compile("[0-9 ()+.\\-]+");

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;

    DidRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(STREAM_FETCH);
    }

    /** A page of the filtered DIDs in {@code sort} order. */
    List<Did> find(TenantId tenant, DidFilter filter, DidSort sort, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(tenant, filter, params);
        params.put("limit", size);
        params.put("offset", (long) page * size);
        return jdbc.sql("SELECT " + DidRowMapper.columns("d") + " FROM asterisk_dids d" + DidRowMapper.activity("d")
                        + " WHERE " + where + " ORDER BY " + sort.orderBy() + " LIMIT :limit OFFSET :offset")
                .params(params)
                .query(DidRowMapper.INSTANCE)
                .list();
    }

    long count(TenantId tenant, DidFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(tenant, filter, params);
        return jdbc.sql("SELECT count(*) FROM asterisk_dids WHERE " + where).params(params).query(Long.class).single();
    }

    /**
     * Hands every filtered DID to {@code each}, in {@code sort} order, reading {@value #STREAM_FETCH} rows at a time
     * through a cursor: memory does not grow with the inventory. PostgreSQL's driver only uses a cursor inside a
     * transaction, which the caller holds.
     */
    void forEach(TenantId tenant, DidFilter filter, DidSort sort, Consumer<Did> each) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(tenant, filter, params);
        NamedParameterJdbcTemplate cursor = new NamedParameterJdbcTemplate(streaming);
        cursor.query("SELECT " + DidRowMapper.columns("d") + " FROM asterisk_dids d" + DidRowMapper.activity("d")
                + " WHERE " + where + " ORDER BY " + sort.orderBy(), params, (ResultSet rs) -> {
                    each.accept(DidRowMapper.INSTANCE.mapRow(rs, 0));
                });
    }

    /**
     * The WHERE clause of a filter (always scoped by tenant), its values put in {@code params}. {@code q} is matched
     * with ILIKE on number and friendly name, in {@code did_search_terms} whose trigram indexes serve it (V15: off the
     * table every allocation writes); a {@code q} written like a phone number ("(415) 555-01") also matches its
     * digits against the number.
     */
    private static String where(TenantId tenant, DidFilter filter, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        conditions.add("tenant_id = :tenant");
        params.put("tenant", tenant.value());
        if (filter.withoutSegment()) {
            conditions.add("segment IS NULL");
        } else if (filter.segment() != null) {
            conditions.add("segment = :segment");
            params.put("segment", filter.segment());
        }
        if (filter.status() != null) {
            conditions.add("status = :status");
            params.put("status", filter.status());
        }
        if (filter.trunk() != null) {
            conditions.add("trunk = :trunk");
            params.put("trunk", filter.trunk());
        }
        if (filter.q() != null) {
            String q = "s.number ILIKE :q OR s.friendly_name ILIKE :q";
            params.put("q", "%" + likeEscaped(filter.q()) + "%");
            String digits = filter.q().replaceAll("[^0-9]", "");
            if (!digits.isEmpty() && !digits.equals(filter.q()) && PHONE_LIKE.matcher(filter.q()).matches()) {
                q += " OR s.number LIKE :qDigits";
                params.put("qDigits", "%" + digits + "%");
            }
            conditions.add("id IN (SELECT s.did_id FROM did_search_terms s WHERE " + q + ")");
        }
        if (filter.neverUsed() != null) {
            conditions.add(filter.neverUsed() ? "last_used_at IS NULL" : "last_used_at IS NOT NULL");
        }
        geography(filter, conditions, params);
        if (filter.ids() != null) {
            conditions.add("id = ANY (CAST(:ids AS uuid[]))");
            params.put("ids", filter.ids().stream().map(UUID::toString).toArray(String[]::new));
        }
        if (filter.numbers() != null) {
            conditions.add("number = ANY (CAST(:numbers AS varchar[]))");
            params.put("numbers", filter.numbers().toArray(String[]::new));
        }
        return String.join(" AND ", conditions);
    }

    /**
     * The geography of a filter, read in {@code did_search_terms} (each DID's number, off the table every allocation
     * writes, V15) through its indexes (V34): the area codes of the numbers ({@code nanp_area_code}, the function the
     * row's {@code area_code} is derived with), a region as its area codes ({@link NanpGeography}) with the row's
     * {@code region} the truth, and a prefix as the range of numbers that start with it.
     */
    private static void geography(DidFilter filter, List<String> conditions, Map<String, Object> params) {
        List<String> areaCodes = filter.areaCodes();
        if (filter.region() != null) {
            conditions.add("region = :region");
            params.put("region", filter.region());
            List<String> ofRegion = NanpGeography.areaCodesOf(filter.region());
            areaCodes = areaCodes == null ? ofRegion : areaCodes.stream().filter(ofRegion::contains).toList();
        }
        if (areaCodes != null) {
            conditions.add("id IN (SELECT s.did_id FROM did_search_terms s"
                    + " WHERE nanp_area_code(s.number) = ANY (CAST(:areaCodes AS varchar[])))");
            params.put("areaCodes", areaCodes.toArray(String[]::new));
        }
        if (filter.numberPrefix() != null) {
            // the numbers from the prefix up to the prefix and ':', the character after '9': digits follow a prefix
            conditions.add("id IN (SELECT s.did_id FROM did_search_terms s"
                    + " WHERE s.number ~>=~ :numberPrefix AND s.number ~<~ :numberPrefixEnd)");
            params.put("numberPrefix", filter.numberPrefix());
            params.put("numberPrefixEnd", filter.numberPrefix() + ":");
        }
    }

    /** A search text as a LIKE pattern's literal part: its own %, _ and \ match themselves. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    Optional<Did> findById(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT " + DidRowMapper.columns("d") + " FROM asterisk_dids d" + DidRowMapper.activity("d")
                        + " WHERE d.tenant_id = :tenant AND d.id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    Did insert(TenantId tenant, NewDid did) {
        return jdbc.sql("""
                        WITH d AS (
                            INSERT INTO asterisk_dids (id, tenant_id, number, segment, trunk, status, friendly_name)
                            VALUES (:id, :tenant, :number, :segment, :trunk, :status, :friendlyName)
                            RETURNING *)
                        SELECT""" + " " + DidRowMapper.columns("d") + " FROM d" + DidRowMapper.activity("d"))
                .param("id", UUID.randomUUID())
                .param("tenant", tenant.value())
                .param("number", did.number())
                .param("segment", did.segment())
                .param("trunk", did.trunk())
                .param("status", did.status())
                .param("friendlyName", did.friendlyName())
                .query(DidRowMapper.INSTANCE)
                .single();
    }

    /**
     * Sets exactly the columns in {@code changes} (already validated column names), and {@code updated_at}. A rest
     * that starts now also starts a new health window: the outcomes that led to it do not count towards the next.
     */
    Optional<Did> update(TenantId tenant, UUID id, Map<String, Object> changes) {
        StringBuilder set = new StringBuilder("updated_at = now()");
        changes.keySet().forEach(column -> set.append(", ").append(column).append(" = :").append(column));
        if (changes.get("resting_until") != null) {
            set.append("""
                    , health_outcomes_from = CASE WHEN CAST(:resting_until AS timestamptz) > now()
                        THEN coalesce((SELECT max(o.seq) FROM did_outcomes o WHERE o.did_id = d.id), 0)
                        ELSE d.health_outcomes_from END""");
        }
        return jdbc.sql("WITH d AS (UPDATE asterisk_dids AS d SET " + set
                        + " WHERE d.tenant_id = :tenant AND d.id = :id RETURNING d.*) SELECT "
                        + DidRowMapper.columns("d") + " FROM d" + DidRowMapper.activity("d"))
                .params(changes)
                .param("tenant", tenant.value())
                .param("id", id)
                .query(DidRowMapper.INSTANCE)
                .optional();
    }

    boolean delete(TenantId tenant, UUID id) {
        return jdbc.sql("DELETE FROM asterisk_dids WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .update() == 1;
    }

    /** The names of the tenant's segments that hold DIDs and of those declared, sorted. */
    List<String> segments(TenantId tenant) {
        return jdbc.sql("""
                        SELECT DISTINCT segment FROM asterisk_dids WHERE tenant_id = :tenant AND segment IS NOT NULL
                        UNION
                        SELECT name FROM segments WHERE tenant_id = :tenant
                        ORDER BY 1""")
                .param("tenant", tenant.value())
                .query(String.class)
                .list();
    }

    /** How many DIDs the segment holds, and how many of them are selectable. */
    SegmentCounts segmentCounts(TenantId tenant, String segment) {
        return jdbc.sql("SELECT count(*) AS total, count(*) FILTER (WHERE " + SELECTABLE + ") AS selectable"
                        + " FROM asterisk_dids WHERE tenant_id = :tenant AND segment = :segment")
                .param("tenant", tenant.value())
                .param("segment", segment)
                .query((rs, i) -> new SegmentCounts(rs.getLong("total"), rs.getLong("selectable")))
                .single();
    }

    /** Moves every DID of segment {@code from} to {@code to}; answers how many moved. */
    int renameSegment(TenantId tenant, String from, String to) {
        return jdbc.sql("UPDATE asterisk_dids SET segment = :to, updated_at = now()"
                        + " WHERE tenant_id = :tenant AND segment = :from")
                .param("tenant", tenant.value())
                .param("from", from)
                .param("to", to)
                .update();
    }

    /**
     * Sets the columns of {@code set} (field name to value; only segment, status and trunk) on every DID the filter
     * matches, in one statement. Answers how many matched, how many changed (the others had those values already),
     * and, per field set, how many of the changed DIDs had each previous value (the 20 commonest), for the audit trail.
     * The same statement logs each changed DID's previous and new values as change {@code changeId}
     * ({@link DidChangeLog}, for an undo). A DID that a concurrent transaction changed after this statement read it
     * is left as that transaction made it (not counted as changed), so that the values logged are exactly those the
     * change overwrote; no DID is locked beyond those the UPDATE writes.
     */
    BulkOutcome bulkUpdate(TenantId tenant, DidFilter filter, Map<String, String> set, UUID changeId) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(tenant, filter, params);
        List<String> columns = new ArrayList<>(set.keySet());
        StringBuilder summaries = new StringBuilder();
        for (String column : columns) {
            params.put("set_" + column, set.get(column));
            summaries.append(", (SELECT jsonb_agg(jsonb_build_object('value', v, 'dids', n) ORDER BY n DESC, v)"
                    + " FROM (SELECT ").append(column).append(" AS v, count(*) AS n FROM changed GROUP BY 1"
                    + " ORDER BY 2 DESC, 1 LIMIT 20) x)::text AS before_").append(column);
        }
        params.put("changeId", changeId);
        params.put("chunk", 0);
        return jdbc.sql("""
                        WITH matched AS (
                            SELECT id, number, segment, status, trunk FROM asterisk_dids WHERE %1$s
                        ), changed AS (
                            -- a DID changed by another transaction since this statement's snapshot (the UPDATE
                            -- sees its new values once that commits) is left out: what is logged is what was overwritten
                            UPDATE asterisk_dids d SET %2$s, updated_at = now()
                              FROM matched m
                             WHERE d.id = m.id AND %3$s
                               AND (d.segment, d.status, d.trunk) IS NOT DISTINCT FROM (m.segment, m.status, m.trunk)
                            RETURNING m.id, m.number, m.segment, m.status, m.trunk
                        ), logged AS (
                            %5$s
                        )
                        SELECT (SELECT count(*) FROM matched) AS matched,
                               (SELECT count(*) FROM changed) AS changed%4$s"""
                        .formatted(where, String.join(", ", columns.stream()
                                        .map(c -> c + " = CAST(:set_" + c + " AS varchar)").toList()),
                                differs("d.", columns), summaries,
                                DidChangeLog.inserted("(SELECT id, number, false AS created, " + logged(columns)
                                        + " FROM changed) AS c (" + DidChangeLog.LOGGED_COLUMNS + ")")))
                .params(params)
                .query((rs, i) -> {
                    Map<String, String> before = new LinkedHashMap<>();
                    for (String column : columns) {
                        before.put(column, rs.getString("before_" + column));
                    }
                    return new BulkOutcome(rs.getLong("matched"), rs.getLong("changed"), before);
                })
                .single();
    }

    /**
     * The before and after columns of {@link DidChangeLog#LOGGED_COLUMNS} for a bulk change of {@code columns}: the
     * value each had (in {@code changed}) and the one set; null and null for a field not set.
     */
    private static String logged(List<String> columns) {
        List<String> values = new ArrayList<>();
        for (String column : List.of("segment", "trunk", "status")) {
            values.add(columns.contains(column) ? column + ", CAST(:set_" + column + " AS varchar)"
                    : "CAST(NULL AS varchar), CAST(NULL AS varchar)");
        }
        values.add("CAST(NULL AS varchar), CAST(NULL AS varchar)"); // the friendly name: a bulk change never sets it
        return String.join(", ", values);
    }

    /** What {@link #bulkUpdate} would do: how many DIDs match, and how many of them would change. */
    BulkOutcome bulkPreview(TenantId tenant, DidFilter filter, Map<String, String> set) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(tenant, filter, params);
        List<String> columns = new ArrayList<>(set.keySet());
        columns.forEach(column -> params.put("set_" + column, set.get(column)));
        return jdbc.sql("SELECT count(*) AS matched, count(*) FILTER (WHERE " + differs("", columns) + ") AS changed"
                        + " FROM asterisk_dids WHERE " + where)
                .params(params)
                .query((rs, i) -> new BulkOutcome(rs.getLong("matched"), rs.getLong("changed"), Map.of()))
                .single();
    }

    /** "(d.segment, d.trunk) IS DISTINCT FROM (:set_segment, :set_trunk)": the row would change. */
    private static String differs(String alias, List<String> columns) {
        return "(" + String.join(", ", columns.stream().map(c -> alias + c).toList()) + ") IS DISTINCT FROM ("
                + String.join(", ", columns.stream().map(c -> "CAST(:set_" + c + " AS varchar)").toList()) + ")";
    }

    Map<String, Long> countsByTrunk(TenantId tenant) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql("SELECT trunk, count(*) AS dids FROM asterisk_dids WHERE tenant_id = :tenant GROUP BY trunk")
                .param("tenant", tenant.value())
                .query((RowCallbackHandler) rs -> counts.put(rs.getString("trunk"), rs.getLong("dids")));
        return counts;
    }

    long countOnTrunk(TenantId tenant, String trunk) {
        return jdbc.sql("SELECT count(*) FROM asterisk_dids WHERE tenant_id = :tenant AND trunk = :trunk")
                .param("tenant", tenant.value())
                .param("trunk", trunk)
                .query(Long.class)
                .single();
    }

    List<DidService.InventoryCount> inventory() {
        return jdbc.sql("SELECT status, count(*) AS dids FROM asterisk_dids GROUP BY status")
                .query((rs, i) -> new DidService.InventoryCount(rs.getString("status"), rs.getLong("dids")))
                .list();
    }

    record NewDid(String number, String segment, String trunk, String status, String friendlyName) {
    }

    record SegmentCounts(long total, long selectable) {
    }

    /** A bulk change's counts; {@code before} holds, per column set, a JSON summary of the previous values. */
    record BulkOutcome(long matched, long changed, Map<String, String> before) {
    }
}
