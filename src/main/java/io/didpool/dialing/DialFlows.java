package io.didpool.dialing;

import static io.didpool.dialing.CallState.QUEUED;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The flows of each trunk and their turns: {@code dial_flows} (a campaign's or a tenant's single calls on a trunk,
 * and when each was last served), {@code dial_turns} (when each tenant was last served on a trunk) and
 * {@code paused_flows}.
 */
@Repository
class DialFlows {

    private final JdbcClient jdbc;

    DialFlows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Gives the flow of every call being queued its row on the call's trunk; an existing one is touched. */
    void ensure(List<QueuedCall> calls) {
        jdbc.sql("""
                        INSERT INTO dial_flows (trunk, flow_id, tenant_id)
                        SELECT DISTINCT t, f, tn FROM unnest(CAST(:trunks AS varchar[]), CAST(:flows AS uuid[]),
                                                             CAST(:tenants AS uuid[])) AS x(t, f, tn)
                        ON CONFLICT (trunk, flow_id) DO UPDATE SET touched_at = now()""")
                .param("trunks", calls.stream().map(QueuedCall::trunk).toArray(String[]::new))
                .param("flows", calls.stream().map(c -> c.request().flow()).toArray(UUID[]::new))
                .param("tenants", calls.stream().map(c -> c.request().tenant().value()).toArray(UUID[]::new))
                .update();
    }

    /** Gives the call's flow its row on {@code trunk} (the call moves to that trunk's queue). */
    void ensure(UUID call, String trunk) {
        jdbc.sql("""
                        INSERT INTO dial_flows (trunk, flow_id, tenant_id)
                        SELECT :trunk, flow_id, tenant_id FROM calls WHERE id = :id
                        ON CONFLICT (trunk, flow_id) DO UPDATE SET touched_at = now()""")
                .param("trunk", trunk)
                .param("id", call)
                .update();
    }

    /**
     * The flows of the trunk that are not paused, with the time their first queued call is ready (null: none
     * queued) and when they and their tenant were last served. Each first-ready time is one probe of calls_ready.
     */
    List<FlowRow> flows(String trunk) {
        return jdbc.sql("""
                        SELECT f.flow_id, f.tenant_id, f.last_served_at, t.last_served_at AS tenant_last_served_at,
                               (SELECT c.ready_at FROM calls c
                                 WHERE c.trunk = f.trunk AND c.flow_id = f.flow_id AND c.state = %s
                                 ORDER BY c.ready_at LIMIT 1) AS first_ready_at
                          FROM dial_flows f
                          LEFT JOIN dial_turns t ON t.trunk = f.trunk AND t.tenant_id = f.tenant_id
                         WHERE f.trunk = :trunk
                           AND NOT EXISTS (SELECT 1 FROM paused_flows p WHERE p.flow_id = f.flow_id)"""
                        .formatted(QUEUED.sql()))
                .param("trunk", trunk)
                .query((rs, i) -> new FlowRow(new FairShare.Flow(rs.getObject("flow_id", UUID.class),
                        rs.getObject("tenant_id", UUID.class), Columns.instant(rs, "last_served_at"),
                        Columns.instant(rs, "tenant_last_served_at")), Columns.instant(rs, "first_ready_at")))
                .list();
    }

    /** Records when flows and their tenants were last served on the trunk. */
    void served(String trunk, Map<UUID, Instant> flows, Map<UUID, Instant> tenants) {
        flows.forEach((flow, at) -> jdbc.sql("""
                        UPDATE dial_flows SET last_served_at = :at WHERE trunk = :trunk AND flow_id = :flow""")
                .param("at", Timestamp.from(at))
                .param("trunk", trunk)
                .param("flow", flow)
                .update());
        tenants.forEach((tenant, at) -> jdbc.sql("""
                        INSERT INTO dial_turns (trunk, tenant_id, last_served_at) VALUES (:trunk, :tenant, :at)
                        ON CONFLICT (trunk, tenant_id) DO UPDATE SET last_served_at = EXCLUDED.last_served_at""")
                .param("trunk", trunk)
                .param("tenant", tenant)
                .param("at", Timestamp.from(at))
                .update());
    }

    /** Trunks with a call ready now in a flow that is not paused. */
    List<String> trunksWithReadyCalls() {
        return jdbc.sql("""
                        SELECT DISTINCT f.trunk FROM dial_flows f
                         WHERE NOT EXISTS (SELECT 1 FROM paused_flows p WHERE p.flow_id = f.flow_id)
                           AND EXISTS (SELECT 1 FROM calls c
                                        WHERE c.trunk = f.trunk AND c.flow_id = f.flow_id AND c.state = %s
                                          AND c.ready_at <= now())""".formatted(QUEUED.sql()))
                .query(String.class)
                .list();
    }

    List<String> trunksOf(UUID flow) {
        return jdbc.sql("SELECT trunk FROM dial_flows WHERE flow_id = :flow").param("flow", flow).query(String.class)
                .list();
    }

    void pause(UUID flow) {
        jdbc.sql("INSERT INTO paused_flows (flow_id) VALUES (:flow) ON CONFLICT DO NOTHING").param("flow", flow)
                .update();
    }

    void resume(UUID flow) {
        jdbc.sql("DELETE FROM paused_flows WHERE flow_id = :flow").param("flow", flow).update();
    }

    /**
     * Forgets flows idle for a day with nothing queued. An enqueue moves {@code touched_at}, and PostgreSQL re-checks
     * a row changed under this delete, so a flow a call was just queued to is never removed.
     */
    int forgetIdle() {
        return jdbc.sql("""
                        DELETE FROM dial_flows f
                         WHERE f.touched_at < now() - INTERVAL '1 day'
                           AND NOT EXISTS (SELECT 1 FROM calls c
                                            WHERE c.trunk = f.trunk AND c.flow_id = f.flow_id AND c.state = %s)"""
                        .formatted(QUEUED.sql()))
                .update();
    }

    record FlowRow(FairShare.Flow flow, Instant firstReady) {
    }
}
