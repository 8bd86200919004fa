package io.didpool.dialing;

import static io.didpool.dialing.CallState.DIALING;
import static io.didpool.dialing.CallState.QUEUED;

import io.didpool.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of {@code calls} (its writes are {@link CallLifecycle}'s): the next calls of a flow, counts, load. */
@Repository
class CallReads {

    private final JdbcClient jdbc;

    CallReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The flow's next {@code limit} ready calls on the trunk inside their windows, first in first out, row-locked. */
    List<UUID> readyCalls(String trunk, UUID flow, Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM calls
                         WHERE trunk = :trunk AND flow_id = :flow AND state = %s AND ready_at <= :now
                           -- a call whose calling-hours window closed starts no more (SlotClaims moves it on)
                           AND (window_closes_at IS NULL OR window_closes_at > :now)
                         ORDER BY ready_at, seq
                         LIMIT :limit
                           FOR UPDATE SKIP LOCKED""".formatted(QUEUED.sql()))
                .param("trunk", trunk)
                .param("flow", flow)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /** The calls, as they are now (their rows are already locked by this transaction). */
    List<ClaimedCall> read(List<UUID> ids) {
        return jdbc.sql("SELECT " + ClaimedCall.COLUMNS + " FROM calls WHERE id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", ids.toArray(new UUID[0]))
                .query(ClaimedCall::of)
                .list();
    }

    /** The trunk's calls in progress, all instances: what its concurrency cap counts. */
    long dialing(String trunk) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE trunk = :trunk AND state = " + DIALING.sql())
                .param("trunk", trunk)
                .query(Long.class)
                .single();
    }

    /** The tenant's calls in progress with the DID, on its trunk: a range of the partial index calls_dialing. */
    long dialingOnDid(TenantId tenant, String trunk, UUID didId) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE trunk = :trunk AND state = " + DIALING.sql()
                        + " AND tenant_id = :tenant AND did_id = :did")
                .param("trunk", trunk)
                .param("tenant", tenant.value())
                .param("did", didId)
                .query(Long.class)
                .single();
    }

    long count(String trunk, CallState state) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE trunk = :trunk AND state = :state")
                .param("trunk", trunk)
                .param("state", state.name())
                .query(Long.class)
                .single();
    }

    long count(TenantId tenant, String trunk, CallState state) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE tenant_id = :tenant AND trunk = :trunk AND state = :state")
                .param("tenant", tenant.value())
                .param("trunk", trunk)
                .param("state", state.name())
                .query(Long.class)
                .single();
    }

    /**
     * Calls in progress and queued per trunk, for the gauges every 5 s. Each arm names one state, so that it reads
     * only that state's partial index ({@code calls_dialing}, {@code calls_ready}): {@code state IN (…)} matches
     * neither, and read every call ever placed (188 ms a time with a million of them, in bench/inbound).
     */
    static final String LOAD = """
            SELECT trunk, sum(dialing) AS dialing, sum(queued) AS queued
              FROM (SELECT trunk, count(*) AS dialing, 0 AS queued FROM calls WHERE state = %1$s GROUP BY trunk
                    UNION ALL
                    SELECT trunk, 0, count(*) FROM calls WHERE state = %2$s GROUP BY trunk) AS per_state
             GROUP BY trunk""".formatted(DIALING.sql(), QUEUED.sql());

    /** Calls in progress and queued, per trunk that has any. */
    List<TrunkLoad> load() {
        return jdbc.sql(LOAD)
                .query((rs, i) -> new TrunkLoad(rs.getString("trunk"), rs.getLong("dialing"), rs.getLong("queued")))
                .list();
    }

    record TrunkLoad(String trunk, long dialing, long queued) {
    }
}
