package io.didpool.did;

import io.didpool.platform.Pipelined;
import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of {@code segment_policies}: a segment's caller-ID policy is a setting of the segment, stored beside the
 * DIDs whose reads join it (caps, the answer-rate window); the allocation feature gives it its meaning. Read at every
 * batch, never cached: an operator's edit in SQL applies to the next allocation.
 */
@Repository
public class SegmentPolicyStore {

    private static final String COLUMNS = """
            segment, local_presence, max_calls_per_hour, max_calls_per_day, sticky_days, rest_below_answer_rate,
            health_window_calls, rest_hours, local_presence_across_fallbacks""";
    private static final String POLICY = "SELECT " + COLUMNS
            + " FROM segment_policies WHERE tenant_id = ? AND segment = ?";
    private static final String CAPPING = "SELECT " + COLUMNS + """
             FROM segment_policies
            WHERE tenant_id = ? AND (max_calls_per_hour IS NOT NULL OR max_calls_per_day IS NOT NULL)
            ORDER BY segment""";

    private final JdbcClient jdbc;

    SegmentPolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The segment's policy; empty when it has none (it rotates by {@link SegmentPolicy#NONE}). */
    public Optional<SegmentPolicy> find(TenantId tenant, String segment) {
        if (segment == null) {
            return Optional.empty();
        }
        return jdbc.sql(POLICY).param(tenant.value()).param(segment).query(SegmentPolicyStore::policy).optional();
    }

    /** A deleted segment's policy goes with it: a segment of that name made later starts with none. */
    void delete(TenantId tenant, String segment) {
        jdbc.sql("DELETE FROM segment_policies WHERE tenant_id = :tenant AND segment = :segment")
                .param("tenant", tenant.value())
                .param("segment", segment)
                .update();
    }

    /**
     * A renamed segment keeps its policy; a policy left under the new name (by a segment of that name whose DIDs all
     * left it) goes, so that it neither blocks the rename nor applies to the renamed segment.
     */
    void renameSegment(TenantId tenant, String from, String to) {
        delete(tenant, to);
        jdbc.sql("UPDATE segment_policies SET segment = :to WHERE tenant_id = :tenant AND segment = :from")
                .param("to", to)
                .param("tenant", tenant.value())
                .param("from", from)
                .update();
    }

    /** The segment's policy, or {@link SegmentPolicy#NONE}. */
    public SegmentPolicy policy(TenantId tenant, String segment) {
        return find(tenant, segment).orElse(SegmentPolicy.NONE);
    }

    /**
     * {@link #policy} as a statement, to be sent with another in one round trip ({@link Pipelined}); a null segment
     * has {@link SegmentPolicy#NONE}.
     */
    public Pipelined.Statement<SegmentPolicy> policyStatement(TenantId tenant, String segment) {
        return Pipelined.Statement.of(POLICY, java.util.Arrays.asList(tenant.value(), segment),
                rs -> rs.next() ? policy(rs, 0) : SegmentPolicy.NONE);
    }

    /**
     * The policies of the tenant's segments that cap their DIDs' calls, by segment, as a statement to be sent with
     * another in one round trip ({@link Pipelined}).
     */
    public Pipelined.Statement<Map<String, SegmentPolicy>> cappingStatement(TenantId tenant) {
        return Pipelined.Statement.of(CAPPING, List.of(tenant.value()), rs -> {
            Map<String, SegmentPolicy> caps = new LinkedHashMap<>();
            while (rs.next()) {
                caps.put(rs.getString("segment"), policy(rs, 0));
            }
            return caps;
        });
    }

    /** Stores the segment's whole policy. */
    SegmentPolicy save(TenantId tenant, String segment, SegmentPolicy policy) {
        return jdbc.sql("""
                        INSERT INTO segment_policies AS p (tenant_id, segment, local_presence, max_calls_per_hour,
                               max_calls_per_day, sticky_days, rest_below_answer_rate, health_window_calls, rest_hours,
                               local_presence_across_fallbacks)
                        VALUES (:tenant, :segment, :localPresence, :maxCallsPerHour, :maxCallsPerDay, :stickyDays,
                                :restBelowAnswerRate, :healthWindowCalls, :restHours, :acrossFallbacks)
                        ON CONFLICT (tenant_id, segment) DO UPDATE
                        SET local_presence = EXCLUDED.local_presence, max_calls_per_hour = EXCLUDED.max_calls_per_hour,
                            max_calls_per_day = EXCLUDED.max_calls_per_day, sticky_days = EXCLUDED.sticky_days,
                            rest_below_answer_rate = EXCLUDED.rest_below_answer_rate,
                            health_window_calls = EXCLUDED.health_window_calls, rest_hours = EXCLUDED.rest_hours,
                            local_presence_across_fallbacks = EXCLUDED.local_presence_across_fallbacks,
                            updated_at = now()
                        RETURNING """ + " " + COLUMNS)
                .param("tenant", tenant.value())
                .param("segment", segment)
                .param("localPresence", policy.localPresence())
                .param("maxCallsPerHour", policy.maxCallsPerHour())
                .param("maxCallsPerDay", policy.maxCallsPerDay())
                .param("stickyDays", policy.stickyDays())
                .param("restBelowAnswerRate", policy.restBelowAnswerRate())
                .param("healthWindowCalls", policy.healthWindowCalls())
                .param("restHours", policy.restHours())
                .param("acrossFallbacks", policy.localPresenceAcrossFallbacks())
                .query(SegmentPolicyStore::policy)
                .single();
    }

    private static SegmentPolicy policy(ResultSet rs, int row) throws SQLException {
        return new SegmentPolicy(rs.getBoolean("local_presence"), (Integer) rs.getObject("max_calls_per_hour"),
                (Integer) rs.getObject("max_calls_per_day"), rs.getInt("sticky_days"),
                rs.getBigDecimal("rest_below_answer_rate"), rs.getInt("health_window_calls"), rs.getInt("rest_hours"),
                rs.getBoolean("local_presence_across_fallbacks"));
    }
}
