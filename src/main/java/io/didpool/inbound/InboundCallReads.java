package io.didpool.inbound;

import io.didpool.did.CallbackCounts;
import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reads of {@code inbound_calls}: the list and the callback counts of DIDs and executions. The table's writes
 * are {@link InboundCallRecords}'s; the reads live apart so that the list grows without touching the write path.
 */
@Repository
class InboundCallReads {

    private final JdbcClient jdbc;

    InboundCallReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whose records a list reads: one tenant's, or (the admin's view, {@code tenant} null) every record, those of
     * no tenant included.
     */
    record Scope(UUID tenant, boolean everyone) {

        static Scope of(TenantId tenant) {
            return new Scope(tenant.value(), false);
        }

        static Scope everyone(UUID tenant) {
            return new Scope(tenant, true);
        }
    }

    /** Newest first; ties (one instant) by id, as the index {@code inbound_calls_by_tenant} is ordered. */
    List<InboundCallsService.Row> find(Scope scope, InboundCallFilter filter, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        return jdbc.sql("""
                        SELECT id, tenant_id, at, did, caller, decision, route, execution_id, campaign_id, outcome,
                               duration_seconds, reason
                          FROM inbound_calls WHERE""" + " " + where(scope, filter, params)
                        + " ORDER BY at DESC, id LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(InboundCallReads::row)
                .list();
    }

    long count(Scope scope, InboundCallFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        return jdbc.sql("SELECT count(*) FROM inbound_calls WHERE " + where(scope, filter, params))
                .params(params)
                .query(Long.class)
                .single();
    }

    /**
     * Per DID of the tenant, its callbacks (records that name the execution they answer) in the last day and the
     * last 30 days before {@code now}; DIDs with none are left out. One statement for the whole page, on
     * {@code inbound_calls_by_did}. {@code now} is the service's clock, which stamped the records, not the database's.
     */
    Map<UUID, CallbackCounts.Counts> callbacksByDid(TenantId tenant, Collection<UUID> didIds, Instant now) {
        Map<UUID, CallbackCounts.Counts> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT did_id, count(*) FILTER (WHERE at > CAST(:now AS timestamptz) - interval '1 day')
                                   AS last_day,
                               count(*) AS last_30_days
                          FROM inbound_calls
                         WHERE did_id = ANY(CAST(:ids AS uuid[]))
                           AND at > CAST(:now AS timestamptz) - interval '30 days'
                           AND tenant_id = :tenant AND execution_id IS NOT NULL
                         GROUP BY did_id""")
                .param("ids", didIds.toArray(UUID[]::new))
                .param("tenant", tenant.value())
                .param("now", Timestamp.from(now))
                .query(rs -> {
                    counts.put(rs.getObject("did_id", UUID.class),
                            new CallbackCounts.Counts(rs.getLong("last_day"), rs.getLong("last_30_days")));
                });
        return counts;
    }

    /** Per execution of the tenant, the inbound calls that answered one of its calls; none: left out. */
    Map<UUID, Long> callbacksByExecution(TenantId tenant, Collection<UUID> executionIds) {
        Map<UUID, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT execution_id, count(*) AS callbacks FROM inbound_calls
                         WHERE execution_id = ANY(CAST(:ids AS uuid[])) AND tenant_id = :tenant
                         GROUP BY execution_id""")
                .param("ids", executionIds.toArray(UUID[]::new))
                .param("tenant", tenant.value())
                .query(rs -> {
                    counts.put(rs.getObject("execution_id", UUID.class), rs.getLong("callbacks"));
                });
        return counts;
    }

    private static String where(Scope scope, InboundCallFilter filter, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (scope.tenant() != null) {
            conditions.add("tenant_id = :tenant");
            params.put("tenant", scope.tenant());
        } else if (!scope.everyone()) {
            throw new IllegalArgumentException("a list of inbound calls names a tenant or asks for everyone's");
        }
        add(conditions, params, "did", filter.did());
        add(conditions, params, "segment", filter.segment());
        add(conditions, params, "caller", filter.caller());
        add(conditions, params, "decision", filter.decision() == null ? null : filter.decision().name());
        add(conditions, params, "execution_id", filter.executionId());
        if (filter.from() != null) {
            conditions.add("at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        return conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
    }

    private static void add(List<String> conditions, Map<String, Object> params, String column, Object value) {
        if (value != null) {
            conditions.add(column + " = :" + column);
            params.put(column, value);
        }
    }

    private static InboundCallsService.Row row(ResultSet rs, int rowNum) throws SQLException {
        Integer duration = (Integer) rs.getObject("duration_seconds");
        String outcome = rs.getString("outcome");
        return new InboundCallsService.Row(rs.getObject("tenant_id", UUID.class), new InboundCallsService.Item(
                rs.getObject("id", UUID.class), rs.getTimestamp("at").toInstant(), rs.getString("did"),
                rs.getString("caller"), InboundDecision.valueOf(rs.getString("decision")), rs.getString("route"),
                rs.getObject("execution_id", UUID.class), rs.getObject("campaign_id", UUID.class),
                outcome == null ? null : InboundOutcome.valueOf(outcome), duration, rs.getString("reason")));
    }
}
