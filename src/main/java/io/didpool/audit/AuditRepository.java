package io.didpool.audit;

import io.didpool.tenant.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SQL of {@code audit_log}. */
@Repository
class AuditRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Writes the entry; answers its id. */
    long insert(UUID tenant, Caller actor, String entity, String entityId, String action, String before,
            String after) {
        return jdbc.sql("""
                        INSERT INTO audit_log (tenant_id, key_id, key_name, entity, entity_id, action, before, after)
                        VALUES (:tenant, :keyId, :keyName, :entity, :entityId, :action,
                                CAST(:before AS jsonb), CAST(:after AS jsonb))
                        RETURNING id""")
                .param("tenant", tenant)
                .param("keyId", actor.keyId())
                .param("keyName", actor.keyName())
                .param("entity", entity)
                .param("entityId", entityId)
                .param("action", action)
                .param("before", before)
                .param("after", after)
                .query(Long.class)
                .single();
    }

    /**
     * The tenant's entry {@code id} as an undo needs it; {@code lock} holds its row until the transaction ends, so
     * that a second undo of it waits for the first and then finds it undone.
     */
    Optional<Undoable> forUndo(UUID tenant, long id, boolean lock) {
        return jdbc.sql("SELECT id, entity, action, undone_by FROM audit_log WHERE tenant_id = :tenant AND id = :id"
                        + (lock ? " FOR UPDATE" : ""))
                .param("tenant", tenant)
                .param("id", id)
                .query((rs, row) -> new Undoable(rs.getLong("id"), rs.getString("entity"), rs.getString("action"),
                        rs.getObject("undone_by", Long.class)))
                .optional();
    }

    void markUndone(long id, long by) {
        jdbc.sql("UPDATE audit_log SET undone_by = :by WHERE id = :id")
                .param("id", id)
                .param("by", by)
                .update();
    }

    /** An entry's id, what it is about, and the entry that undid it (null: not undone). */
    record Undoable(long id, String entity, String action, Long undoneBy) {
    }

    /** Newest first; {@code scope.allTenants} reads every tenant's entries and those of no tenant. */
    List<AuditService.Entry> find(AuditService.Query query, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        return jdbc.sql("""
                        SELECT id, at, tenant_id, key_id, key_name, entity, entity_id, action,
                               before::text AS before, after::text AS after, undone_by
                          FROM audit_log WHERE""" + " " + where(query, params)
                        + " ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::entry)
                .list();
    }

    long count(AuditService.Query query) {
        Map<String, Object> params = new LinkedHashMap<>();
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE " + where(query, params))
                .params(params)
                .query(Long.class)
                .single();
    }

    private static String where(AuditService.Query query, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (query.tenant() != null) {
            conditions.add("tenant_id = :tenant");
            params.put("tenant", query.tenant());
        } else if (!query.allTenants()) {
            throw new IllegalArgumentException("a query of the audit trail names a tenant or asks for all");
        }
        if (query.entity() != null) {
            conditions.add("entity = :entity");
            params.put("entity", query.entity());
        }
        if (query.id() != null) {
            conditions.add("entity_id = :entityId");
            params.put("entityId", query.id());
        }
        return conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
    }

    private AuditService.Entry entry(ResultSet rs, int row) throws SQLException {
        return new AuditService.Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getObject("tenant_id", UUID.class),
                new AuditService.Key(rs.getObject("key_id", UUID.class), rs.getString("key_name")),
                rs.getString("entity"), rs.getString("entity_id"), rs.getString("action"),
                tree(rs.getString("before")), tree(rs.getString("after")), rs.getObject("undone_by", Long.class));
    }

    private JsonNode tree(String value) {
        return value == null ? null : json.readTree(value);
    }
}
