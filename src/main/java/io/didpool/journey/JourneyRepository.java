package io.didpool.journey;

import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** SQL of journeys and their nodes. Every statement is scoped by tenant: another tenant's id finds nothing. */
@Repository
class JourneyRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, name, created_at, updated_at, callback_to";

    private final JdbcClient jdbc;

    JourneyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, UUID id, String name, String callbackTo) {
        jdbc.sql("INSERT INTO journeys (id, tenant_id, name, callback_to) VALUES (:id, :tenant, :name, :callbackTo)")
                .param("id", id)
                .param("tenant", tenant.value())
                .param("name", name)
                .param("callbackTo", callbackTo)
                .update();
    }

    /** Replaces the journey's own columns (its nodes are {@link #replaceNodes}'), as a PUT of the whole journey. */
    void replace(TenantId tenant, UUID id, String name, String callbackTo) {
        jdbc.sql("UPDATE journeys SET name = :name, callback_to = :callbackTo, updated_at = now()"
                        + " WHERE tenant_id = :tenant AND id = :id")
                .param("name", name)
                .param("callbackTo", callbackTo)
                .param("tenant", tenant.value())
                .param("id", id)
                .update();
    }

    /** The journey's callback route: one primary-key probe; empty when the journey is gone or has none. */
    Optional<String> callbackTo(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT callback_to FROM journeys WHERE id = :id AND tenant_id = :tenant")
                .param("id", id)
                .param("tenant", tenant.value())
                .query((rs, i) -> Optional.ofNullable(rs.getString("callback_to")))
                .optional()
                .flatMap(route -> route);
    }

    /** Renames and touches the journey, locking its row so that concurrent edits of its nodes apply one at a time. */
    boolean update(TenantId tenant, UUID id, String name) {
        return jdbc.sql("UPDATE journeys SET name = coalesce(:name, name), updated_at = now()"
                        + " WHERE tenant_id = :tenant AND id = :id")
                .param("name", name)
                .param("tenant", tenant.value())
                .param("id", id)
                .update() == 1;
    }

    boolean delete(TenantId tenant, UUID id) {
        return jdbc.sql("DELETE FROM journeys WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .update() == 1;
    }

    /**
     * Locks the journey's row against everything, queuing its executions included ({@link #lockToQueue}): what is in
     * flight when this returns is all there will be until the transaction ends. False for an unknown journey.
     */
    boolean lockToDelete(TenantId tenant, UUID id) {
        return lock(tenant, id, "FOR UPDATE");
    }

    /**
     * Whether the journey exists, keeping it so until the transaction ends: executions are queued under this lock,
     * so none is queued for a journey being deleted (its campaigns and executions no longer depend on it by a
     * foreign key, which took the same lock). Edits of the journey do not wait for it.
     */
    boolean lockToQueue(TenantId tenant, UUID id) {
        return lock(tenant, id, "FOR KEY SHARE");
    }

    /** Locks the journey's row with {@code strength}; false for an unknown journey. */
    private boolean lock(TenantId tenant, UUID id, String strength) {
        return jdbc.sql("SELECT id FROM journeys WHERE tenant_id = :tenant AND id = :id " + strength)
                .param("tenant", tenant.value())
                .param("id", id)
                .query(UUID.class)
                .optional()
                .isPresent();
    }

    boolean exists(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT count(*) FROM journeys WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(Long.class)
                .single() == 1;
    }

    /** Replaces all nodes of the journey by {@code nodes}, in that order. */
    void replaceNodes(TenantId tenant, UUID journeyId, List<Journey.Node> nodes) {
        jdbc.sql("DELETE FROM journey_nodes WHERE tenant_id = :tenant AND journey_id = :journey")
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .update();
        for (int position = 0; position < nodes.size(); position++) {
            Journey.Node node = nodes.get(position);
            jdbc.sql("""
                            INSERT INTO journey_nodes
                                   (id, journey_id, tenant_id, position, type, did_id, did_segment, config)
                            VALUES (:id, :journey, :tenant, :position, :type, :didId, :didSegment,
                                    CAST(:config AS jsonb))""")
                    .param("id", node.id())
                    .param("journey", journeyId)
                    .param("tenant", tenant.value())
                    .param("position", position)
                    .param("type", node.type())
                    .param("didId", node.config().didId())
                    .param("didSegment", node.config().didSegment())
                    .param("config", settings(node.config()))
                    .update();
        }
    }

    boolean updateNode(TenantId tenant, UUID journeyId, Journey.Node node) {
        return jdbc.sql("""
                        UPDATE journey_nodes
                           SET type = :type, did_id = :didId, did_segment = :didSegment, config = CAST(:config AS jsonb)
                         WHERE tenant_id = :tenant AND journey_id = :journey AND id = :id""")
                .param("type", node.type())
                .param("didId", node.config().didId())
                .param("didSegment", node.config().didSegment())
                .param("config", settings(node.config()))
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .param("id", node.id())
                .update() == 1;
    }

    /** Nodes naming segment {@code from} name {@code to}; their journeys are touched. Answers those journeys. */
    List<UUID> renameSegment(TenantId tenant, String from, String to) {
        return jdbc.sql("""
                        WITH renamed AS (
                            -- a node's segment is a column; its fallbacks are in its config (JSON), where the name
                            -- is replaced where it stands in the list
                            UPDATE journey_nodes
                               SET did_segment = CASE WHEN did_segment = :from THEN :to ELSE did_segment END,
                                   config = CASE WHEN jsonb_exists(config -> 'fallbackSegments', :from)
                                       THEN jsonb_set(config, '{fallbackSegments}', (
                                           SELECT jsonb_agg(CASE WHEN f.name = :from THEN :to ELSE f.name END
                                                            ORDER BY f.position)
                                             FROM jsonb_array_elements_text(config -> 'fallbackSegments')
                                                  WITH ORDINALITY AS f(name, position)))
                                       ELSE config END
                             WHERE tenant_id = :tenant
                               AND (did_segment = :from OR jsonb_exists(config -> 'fallbackSegments', :from))
                            RETURNING journey_id)
                        UPDATE journeys SET updated_at = now()
                         WHERE tenant_id = :tenant AND id IN (SELECT journey_id FROM renamed)
                        RETURNING id""")
                .param("tenant", tenant.value())
                .param("from", from)
                .param("to", to)
                .query(UUID.class)
                .list();
    }

    Optional<Journey> find(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM journeys WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(JourneyRepository::journeyRow)
                .optional()
                .map(row -> row.with(nodes(tenant, List.of(row.id())).getOrDefault(row.id(), List.of())));
    }

    /** The tenant's journeys in creation order; {@code segment} / {@code didId} keep those with a node naming it. */
    List<Journey> list(TenantId tenant, JourneyFilter filter, int page, int size) {
        List<JourneyRow> rows = jdbc.sql("SELECT " + COLUMNS + " FROM journeys j WHERE "
                        + where(filter) + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .params(filterParams(tenant, filter))
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(JourneyRepository::journeyRow)
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<Journey.Node>> nodes = nodes(tenant, rows.stream().map(JourneyRow::id).toList());
        return rows.stream().map(row -> row.with(nodes.getOrDefault(row.id(), List.of()))).toList();
    }

    long count(TenantId tenant, JourneyFilter filter) {
        return jdbc.sql("SELECT count(*) FROM journeys j WHERE " + where(filter))
                .params(filterParams(tenant, filter))
                .query(Long.class)
                .single();
    }

    /** The nodes of the journeys, each list in order. */
    Map<UUID, List<Journey.Node>> nodes(TenantId tenant, List<UUID> journeyIds) {
        Map<UUID, List<Journey.Node>> byJourney = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT journey_id, id, type, did_id, did_segment, config::text AS config FROM journey_nodes
                         WHERE tenant_id = :tenant AND journey_id IN (:journeys)
                         ORDER BY journey_id, position""")
                .param("tenant", tenant.value())
                .param("journeys", journeyIds)
                .query(rs -> {
                    byJourney.computeIfAbsent(rs.getObject("journey_id", UUID.class), k -> new ArrayList<>())
                            .add(nodeRow(rs));
                });
        return byJourney;
    }

    private static String where(JourneyFilter filter) {
        StringBuilder where = new StringBuilder("j.tenant_id = :tenant");
        if (filter.segment() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM journey_nodes n WHERE n.journey_id = j.id"
                    + " AND n.tenant_id = :tenant AND n.did_segment = :segment)");
        }
        if (filter.didId() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM journey_nodes n WHERE n.journey_id = j.id"
                    + " AND n.tenant_id = :tenant AND n.did_id = :didId)");
        }
        return where.toString();
    }

    private static Map<String, Object> filterParams(TenantId tenant, JourneyFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenant.value());
        if (filter.segment() != null) {
            params.put("segment", filter.segment());
        }
        if (filter.didId() != null) {
            params.put("didId", filter.didId());
        }
        return params;
    }

    /** The node's settings other than its DID columns. */
    private static String settings(NodeConfig config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (config.audioFile() != null) {
            settings.put("audioFile", config.audioFile());
        }
        if (config.transferNumber() != null) {
            settings.put("transferNumber", config.transferNumber());
        }
        if (config.fallbackSegments() != null) {
            settings.put("fallbackSegments", config.fallbackSegments());
        }
        return JSON.writeValueAsString(settings);
    }

    private static Journey.Node nodeRow(ResultSet rs) throws SQLException {
        Settings settings = JSON.readValue(rs.getString("config"), Settings.class);
        return new Journey.Node(rs.getObject("id", UUID.class), rs.getString("type"),
                new NodeConfig(rs.getObject("did_id", UUID.class), rs.getString("did_segment"),
                        settings.audioFile(), settings.transferNumber(), settings.fallbackSegments()));
    }

    private static JourneyRow journeyRow(ResultSet rs, int rowNum) throws SQLException {
        return new JourneyRow(rs.getObject("id", UUID.class), rs.getString("name"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")),
                rs.getString("callback_to"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    record JourneyFilter(String segment, UUID didId) {
    }

    record Settings(String audioFile, String transferNumber, List<String> fallbackSegments) {
    }

    private record JourneyRow(UUID id, String name, Instant createdAt, Instant updatedAt, String callbackTo) {

        Journey with(List<Journey.Node> nodes) {
            return new Journey(id, name, nodes, createdAt, updatedAt, null, callbackTo); // the hours are callinghours'
        }
    }
}
