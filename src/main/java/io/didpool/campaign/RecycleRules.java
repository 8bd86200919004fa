package io.didpool.campaign;

import io.didpool.platform.SqlEnums;
import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of campaigns' recycle rules ({@code campaign_recycle_rules}, V35). */
@Repository
class RecycleRules {

    private final JdbcClient jdbc;

    RecycleRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The campaign's rules from now on, in the caller's transaction (its campaign row is locked or new). */
    void replace(UUID campaignId, List<RecycleRule> rules) {
        jdbc.sql("DELETE FROM campaign_recycle_rules WHERE campaign_id = :campaign")
                .param("campaign", campaignId)
                .update();
        for (RecycleRule rule : rules) {
            jdbc.sql("""
                            INSERT INTO campaign_recycle_rules (campaign_id, outcome, after_minutes, max_attempts)
                            VALUES (:campaign, :outcome, :after, :max)""")
                    .param("campaign", campaignId)
                    .param("outcome", rule.outcome().name())
                    .param("after", rule.afterMinutes())
                    .param("max", rule.maxAttempts())
                    .update();
        }
    }

    /** The rules of each campaign (one with none is absent), NO_ANSWER's first. */
    Map<UUID, List<RecycleRule>> of(List<UUID> campaignIds) {
        Map<UUID, List<RecycleRule>> rules = new HashMap<>();
        if (campaignIds.isEmpty()) {
            return rules;
        }
        jdbc.sql("""
                        SELECT campaign_id, outcome, after_minutes, max_attempts FROM campaign_recycle_rules
                         WHERE campaign_id = ANY(CAST(:campaigns AS uuid[]))
                         ORDER BY campaign_id, outcome DESC""")
                .param("campaigns", campaignIds.toArray(new UUID[0]))
                .query(rs -> {
                    rules.computeIfAbsent(rs.getObject("campaign_id", UUID.class), c -> new ArrayList<>())
                            .add(rule(rs));
                });
        return rules;
    }

    /**
     * The campaign's rule for the outcome, unless the campaign was cancelled. The campaign's row is share-locked
     * until the caller's transaction ends: a cancel (which locks it for update) either comes after, and then
     * cancels the retry this transaction queues, or came before, and then no rule applies.
     */
    Optional<RecycleRule> forRetry(TenantId tenant, UUID campaignId, RecycleRule.RecycleOutcome outcome) {
        return jdbc.sql("""
                        SELECT r.outcome, r.after_minutes, r.max_attempts
                          FROM campaigns c
                          JOIN campaign_recycle_rules r ON r.campaign_id = c.id AND r.outcome = :outcome
                         WHERE c.id = :campaign AND c.tenant_id = :tenant AND c.status <> %s
                           FOR SHARE OF c""".formatted(SqlEnums.literal(CampaignStatus.CANCELLED)))
                .param("outcome", outcome.name())
                .param("campaign", campaignId)
                .param("tenant", tenant.value())
                .query((rs, rowNum) -> rule(rs))
                .optional();
    }

    private static RecycleRule rule(ResultSet rs) throws SQLException {
        return new RecycleRule(RecycleRule.RecycleOutcome.valueOf(rs.getString("outcome")),
                rs.getInt("after_minutes"), rs.getInt("max_attempts"));
    }
}
