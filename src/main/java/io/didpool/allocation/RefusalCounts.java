package io.didpool.allocation;

import io.didpool.did.DidSql;
import io.didpool.did.SegmentPolicy;
import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Says why a pool gave a batch nothing, for the 409's counts: it reads DIDs and their calls, writes nothing. */
@Repository
class RefusalCounts {

    private final JdbcClient jdbc;

    RefusalCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Why a pool gave nothing: how many of its DIDs are at a cap, resting, or not selectable by their status or
     * because their number is NOT_ON_ACCOUNT.
     */
    record Unusable(long capped, long resting, long notSelectable) {
    }

    /** Counts, as of now in this transaction (this batch's calls included), why the pool's DIDs are not usable. */
    Unusable unusable(TenantId tenant, String segment, Map<String, SegmentPolicy> caps) {
        List<SegmentPolicy> capPolicies = new ArrayList<>(caps.values());
        return jdbc.sql("""
                        WITH caps AS (SELECT * FROM unnest(CAST(:capSegments AS varchar[]), CAST(:capHours AS int[]),
                                                           CAST(:capDays AS int[])) AS k(segment, per_hour, per_day))
                        SELECT count(*) FILTER (WHERE NOT (%2$s AND %3$s)) AS not_selectable,
                               count(*) FILTER (WHERE %4$s) AS resting,
                               count(*) FILTER (WHERE %1$s AND NOT did_under_caps(r.calls_last_hour,
                                                                               r.calls_last_day, k.per_hour,
                                                                               k.per_day, 0)) AS capped
                          FROM asterisk_dids d
                          LEFT JOIN caps k ON k.segment = d.segment
                          LEFT JOIN LATERAL (SELECT * FROM did_recent_calls(d.id) WHERE k.segment IS NOT NULL) r
                                 ON true
                         WHERE d.tenant_id = :tenant AND (CAST(:segment AS varchar) IS NULL OR d.segment = :segment)"""
                        .formatted(DidSql.selectable("d"), DidSql.inSelectableStatus("d"),
                                DidSql.notOffAccount("d"), DidSql.resting("d")))
                .param("tenant", tenant.value())
                .param("segment", segment)
                .param("capSegments", caps.keySet().toArray(String[]::new))
                .param("capHours", capPolicies.stream().map(SegmentPolicy::maxCallsPerHour).toArray(Integer[]::new))
                .param("capDays", capPolicies.stream().map(SegmentPolicy::maxCallsPerDay).toArray(Integer[]::new))
                .query((rs, i) -> new Unusable(rs.getLong("capped"), rs.getLong("resting"),
                        rs.getLong("not_selectable")))
                .single();
    }
}
