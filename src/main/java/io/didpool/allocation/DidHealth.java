package io.didpool.allocation;

import io.didpool.asterisk.CallStatus;
import io.didpool.did.SegmentPolicy;
import io.didpool.did.SegmentPolicyStore;
import io.didpool.tenant.TenantId;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A DID's health: the outcomes of its calls ({@code did_outcomes}, which it owns) and the rest its segment's policy
 * gives it when its answer rate falls below {@code restBelowAnswerRate} ({@code resting_until} and
 * {@code health_outcomes_from} of {@code asterisk_dids}).
 */
@Repository
class DidHealth {

    private static final Logger log = LoggerFactory.getLogger(DidHealth.class);

    private final JdbcClient jdbc;
    private final SegmentPolicyStore policies;
    private final TransactionTemplate transactions;

    DidHealth(JdbcClient jdbc, SegmentPolicyStore policies, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.transactions = transactions;
    }

    /**
     * Records how a call placed with the DID ended, for its answer rate and health: ANSWERED is answered; NO_ANSWER
     * (rang out), BUSY and FAILED are not; CONGESTION (the carrier refused the set-up) and DRY_RUN (no call) are not
     * recorded. When the DID's segment policy rests DIDs below an answer rate and the DID has had
     * {@code healthWindowCalls} outcomes since its last rest, a rate below {@code restBelowAnswerRate} rests it for
     * {@code restHours}. A DID deleted since is ignored.
     */
    void record(TenantId tenant, UUID didId, CallStatus status) {
        if (status == CallStatus.CONGESTION || status == CallStatus.DRY_RUN) {
            return;
        }
        transactions.executeWithoutResult(tx -> recordOutcome(tenant, didId, status == CallStatus.ANSWERED)
                .ifPresent(recorded -> {
                    SegmentPolicy policy = policies.policy(tenant, recorded.segment());
                    if (policy.restBelowAnswerRate() == null
                            || recorded.seq() - recorded.healthOutcomesFrom() < policy.healthWindowCalls()) {
                        return;
                    }
                    // the last healthWindowCalls outcomes all came after the last rest: the DID's answer rate
                    BigDecimal rate = answerRate(didId, policy.healthWindowCalls());
                    if (rate != null && rate.compareTo(policy.restBelowAnswerRate()) < 0) {
                        rest(didId, policy.restHours(), recorded.seq());
                        log.info("DID {} rests {} h: answer rate {} over its last {} calls is below {}", didId,
                                policy.restHours(), rate, policy.healthWindowCalls(), policy.restBelowAnswerRate());
                    }
                }));
    }

    /** A recorded outcome: the DID's segment, the outcome's number, and from which number on outcomes count. */
    private record RecordedOutcome(String segment, long seq, long healthOutcomesFrom) {
    }

    /**
     * Records how a call of the DID ended (answered or not), under the DID's row lock so that outcomes are numbered
     * one after the other; keeps its last 1,000. Empty when the tenant has no such DID (any more).
     */
    private Optional<RecordedOutcome> recordOutcome(TenantId tenant, UUID didId, boolean answered) {
        Optional<RecordedOutcome> did = jdbc.sql("""
                        SELECT segment, health_outcomes_from FROM asterisk_dids
                         WHERE tenant_id = :tenant AND id = :id FOR UPDATE""")
                .param("tenant", tenant.value())
                .param("id", didId)
                .query((rs, i) -> new RecordedOutcome(rs.getString("segment"), 0, rs.getLong(2)))
                .optional();
        if (did.isEmpty()) {
            return Optional.empty();
        }
        long seq = jdbc.sql("""
                        INSERT INTO did_outcomes (did_id, seq, answered, answered_total)
                        SELECT :id, coalesce(last.seq, 0) + 1, :answered,
                               coalesce(last.answered_total, 0) + CASE WHEN :answered THEN 1 ELSE 0 END
                          FROM (SELECT 1) AS one
                          LEFT JOIN LATERAL (SELECT seq, answered_total FROM did_outcomes WHERE did_id = :id
                                              ORDER BY seq DESC LIMIT 1) last ON true
                        RETURNING seq""")
                .param("id", didId)
                .param("answered", answered)
                .query(Long.class)
                .single();
        jdbc.sql("DELETE FROM did_outcomes WHERE did_id = :id AND seq <= :seq - 1000")
                .param("id", didId)
                .param("seq", seq)
                .update();
        return Optional.of(new RecordedOutcome(did.get().segment(), seq, did.get().healthOutcomesFrom()));
    }

    /** The DID's answer rate over its last {@code window} outcomes, as its JSON shows it; null before any outcome. */
    private BigDecimal answerRate(UUID didId, int window) {
        return jdbc.sql("SELECT answer_rate FROM did_answer_rate(:id, :window)")
                .param("id", didId)
                .param("window", window)
                .query((rs, i) -> rs.getBigDecimal("answer_rate"))
                .optional().orElse(null);
    }

    /** Rests the DID for {@code hours} from now (a longer rest it already has is kept); outcomes so far stop counting. */
    private void rest(UUID didId, int hours, long lastOutcome) {
        jdbc.sql("""
                        UPDATE asterisk_dids
                           SET resting_until = greatest(resting_until, now() + :hours * INTERVAL '1 hour'),
                               health_outcomes_from = :lastOutcome, updated_at = now()
                         WHERE id = :id""")
                .param("hours", hours)
                .param("lastOutcome", lastOutcome)
                .param("id", didId)
                .update();
    }
}
