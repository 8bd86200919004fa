package io.didpool.inbound;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The record of every inbound call didpool was asked about ({@code inbound_calls}). */
@Repository
class InboundCallRecords {

    private final JdbcClient jdbc;

    InboundCallRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a decision made at {@code at} for the channel {@code channel} (Asterisk's Uniqueid; null when not
     * known). A refused call's outcome is known at once. Written once: a retried write after a failure that did
     * commit changes nothing.
     */
    void insert(Decision decision, Instant at, String channel) {
        jdbc.sql("""
                        INSERT INTO inbound_calls (id, tenant_id, at, did, did_id, segment, caller, decision, reason,
                                                   route, execution_id, campaign_id, channel, outcome)
                        VALUES (:id, :tenant, :at, :did, :didId, :segment, :caller, :decision, :reason,
                                :route, :execution, :campaign, :channel, :outcome)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", decision.id())
                .param("tenant", decision.tenant() == null ? null : decision.tenant().value())
                .param("at", Timestamp.from(at))
                .param("did", decision.did())
                .param("didId", decision.didId())
                .param("segment", decision.segment())
                .param("caller", decision.caller())
                .param("decision", decision.decision().name())
                .param("reason", decision.reason())
                .param("route", decision.route())
                .param("execution", decision.executionId())
                .param("campaign", decision.campaignId())
                .param("channel", channel)
                .param("outcome", decision.decision().routes() || decision.decision() == InboundDecision.FALLBACK
                        ? null : InboundOutcome.REFUSED.name())
                .update();
    }

    /** The outcome of the call on {@code channel}, once Asterisk says how its dial ended and when it hung up. */
    void outcome(String channel, InboundOutcome outcome, int durationSeconds) {
        jdbc.sql("""
                        UPDATE inbound_calls SET outcome = :outcome, duration_seconds = :duration
                         WHERE channel = :channel AND (outcome IS NULL OR outcome <> 'REFUSED')""")
                .param("outcome", outcome.name())
                .param("duration", durationSeconds)
                .param("channel", channel)
                .update();
    }
}
