package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
     * ({@link DidRules#selectable}). {@code now()} is the transaction's start: a resting DID returns by itself.
     */
    static String selectable(String alias) {
        return "(%1$s.status IN (%2$s) AND (%1$s.resting_until IS NULL OR %1$s.resting_until <= now()))"
                .formatted(alias, SELECTABLE_STATUSES);
    }

    private final JdbcClient jdbc;

    DidRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Did> find(TenantId tenant, DidFilter filter, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(tenant, filter, params);
        params.put("limit", size);
        params.put("offset", (long) page * size);
        return jdbc.sql("SELECT " + DidRowMapper.columns("d") + " FROM asterisk_dids d" + DidRowMapper.activity("d")
                        + " WHERE " + where + " ORDER BY d.number LIMIT :limit OFFSET :offset")
                .params(params)
                .query(DidRowMapper.INSTANCE)
                .list();
    }

    long count(TenantId tenant, DidFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(tenant, filter, params);
        return jdbc.sql("SELECT count(*) FROM asterisk_dids WHERE " + where).params(params).query(Long.class).single();
    }

    private static String where(TenantId tenant, DidFilter filter, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        conditions.add("tenant_id = :tenant");
        params.put("tenant", tenant.value());
        if (filter.segment() != null) {
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
        return String.join(" AND ", conditions);
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

    List<String> segments(TenantId tenant) {
        return jdbc.sql("""
                        SELECT DISTINCT segment FROM asterisk_dids
                        WHERE tenant_id = :tenant AND segment IS NOT NULL
                        ORDER BY segment""")
                .param("tenant", tenant.value())
                .query(String.class)
                .list();
    }

    long countOnTrunk(TenantId tenant, String trunk) {
        return jdbc.sql("SELECT count(*) FROM asterisk_dids WHERE tenant_id = :tenant AND trunk = :trunk")
                .param("tenant", tenant.value())
                .param("trunk", trunk)
                .query(Long.class)
                .single();
    }

    List<DidService.InventoryCount> inventory() {
        return jdbc.sql("SELECT segment, status, count(*) AS dids FROM asterisk_dids GROUP BY segment, status")
                .query((rs, i) -> new DidService.InventoryCount(rs.getString("segment"), rs.getString("status"),
                        rs.getLong("dids")))
                .list();
    }

    record NewDid(String number, String segment, String trunk, String status, String friendlyName) {
    }
}
