package io.didpool.dialing;

import static io.didpool.dialing.CallState.QUEUED;

import io.didpool.platform.SqlEnums;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a flow's calls (a campaign's) have done so far, as its progress shows it: its first set-up, its set-ups of the
 * last minute, its calls still queued, its recycled attempts, and its calls by DID. Reads of {@code calls} through
 * {@code calls_flow_claimed}, {@code calls_flow} and {@code calls_flow_recycled} (V35): one index range each, never
 * the claim's. Times are the database's, as every time in {@code calls} is.
 */
@Repository
public class FlowActivity {

    /** The outcomes of a call that rang (or failed to): what a DID's answer rate is over, as DidHealth's. */
    private static final String RANG = SqlEnums.list(DialOutcome.ANSWERED, DialOutcome.NO_ANSWER, DialOutcome.BUSY,
            DialOutcome.FAILED);

    private final JdbcClient jdbc;

    FlowActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Each flow's progress in calls, for a page of campaigns in one statement: each flow's subqueries read its own
     * index ranges, as they did one flow a statement.
     */
    public Map<UUID, Progress> progress(List<UUID> flows) {
        Map<UUID, Progress> progress = new HashMap<>();
        jdbc.sql("""
                        SELECT f.flow, now() AS now,
                               (SELECT min(claimed_at) FROM calls
                                 WHERE flow_id = f.flow AND claimed_at IS NOT NULL) AS first_set_up,
                               (SELECT count(*) FROM calls
                                 WHERE flow_id = f.flow AND claimed_at > now() - interval '1 minute') AS last_minute,
                               (SELECT count(*) FROM calls WHERE flow_id = f.flow AND state = %s) AS queued,
                               (SELECT count(*) FROM calls WHERE flow_id = f.flow AND not_before IS NOT NULL)
                                   AS recycled
                          FROM unnest(CAST(:flows AS uuid[])) AS f(flow)""".formatted(QUEUED.sql()))
                .param("flows", flows.toArray(UUID[]::new))
                .query(rs -> {
                    progress.put(rs.getObject("flow", UUID.class), new Progress(Columns.instant(rs, "now"),
                            Columns.instant(rs, "first_set_up"), rs.getLong("last_minute"), rs.getLong("queued"),
                            rs.getLong("recycled")));
                });
        return progress;
    }

    /**
     * The flow's calls that got a set-up slot, by the number of the DID they were placed from, most calls first:
     * how many, how many were answered, and the share answered of those that rang (null before the first).
     */
    public List<DidUse> didUse(UUID flow) {
        return jdbc.sql("""
                        SELECT did_number, count(*) AS calls, count(answered_at) AS answered,
                               count(*) FILTER (WHERE outcome IN (%s)) AS rang
                          FROM calls
                         WHERE flow_id = :flow AND claimed_at IS NOT NULL AND did_number IS NOT NULL
                         GROUP BY did_number
                         ORDER BY calls DESC, did_number""".formatted(RANG))
                .param("flow", flow)
                .query((rs, i) -> {
                    long answered = rs.getLong("answered");
                    long rang = rs.getLong("rang");
                    return new DidUse(rs.getString("did_number"), rs.getLong("calls"), answered, rang == 0 ? null
                            : BigDecimal.valueOf(answered).divide(BigDecimal.valueOf(rang), 3, RoundingMode.HALF_UP));
                })
                .list();
    }

    /**
     * A flow's calls, read at {@code now} (the database's clock): the first set-up slot given (null: none yet; the latest claim of each call counts, so a call
     * whose set-up was refused and tried again counts from its last), set-ups in the last minute, calls queued (waiting
     * or not), and recycled attempts queued so far.
     */
    public record Progress(Instant now, Instant firstSetUp, long setUpsLastMinute, long queued, long recycled) {
    }

    /** The calls placed from one DID ({@code did}: its number): answered, and the share answered of those that rang. */
    public record DidUse(String did, long calls, long answered, BigDecimal answerRate) {
    }
}
