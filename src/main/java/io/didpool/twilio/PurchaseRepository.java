package io.didpool.twilio;

import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of purchases: a tenant's daily limit ({@code twilio_purchase_limits}) and the numbers it set out to buy
 * ({@code twilio_purchases}, V37), which the limit counts over the last 24 hours.
 */
@Repository
class PurchaseRepository {

    private final JdbcClient jdbc;

    PurchaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's limit; empty when the admin never set one (then 0: no purchase). */
    Optional<Integer> limit(TenantId tenant) {
        return jdbc.sql("SELECT purchases_per_day FROM twilio_purchase_limits WHERE tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(Integer.class)
                .optional();
    }

    void setLimit(TenantId tenant, int purchasesPerDay) {
        jdbc.sql("""
                        INSERT INTO twilio_purchase_limits (tenant_id, purchases_per_day) VALUES (:tenant, :limit)
                        ON CONFLICT (tenant_id) DO UPDATE
                           SET purchases_per_day = EXCLUDED.purchases_per_day, updated_at = now()""")
                .param("tenant", tenant.value())
                .param("limit", purchasesPerDay)
                .update();
    }

    /** Numbers the tenant bought, or is buying, in the last 24 hours (the database's clock). */
    long boughtLastDay(TenantId tenant) {
        return jdbc.sql("SELECT count(*) FROM twilio_purchases WHERE tenant_id = :tenant"
                        + " AND at > now() - INTERVAL '24 hours'")
                .param("tenant", tenant.value())
                .query(Long.class)
                .single();
    }

    /**
     * Serialises the tenant's reservations until the transaction ends, on every instance: two purchases checking
     * the limit at once would otherwise both see room for their numbers.
     */
    void lockTenant(TenantId tenant) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "didpool.twilio-purchase/" + tenant.value())
                .query((rs, i) -> 1)
                .single();
    }

    /** Reserves the numbers (RESERVED rows, counted by the limit from now on); their ids, in order. */
    List<UUID> reserve(TenantId tenant, List<String> numbers) {
        List<UUID> ids = new ArrayList<>();
        for (String number : numbers) {
            UUID id = UUID.randomUUID();
            jdbc.sql("INSERT INTO twilio_purchases (id, tenant_id, number, state) VALUES (:id, :tenant, :number,"
                            + " 'RESERVED')")
                    .param("id", id)
                    .param("tenant", tenant.value())
                    .param("number", number)
                    .update();
            ids.add(id);
        }
        return ids;
    }

    void bought(UUID id, String sid) {
        jdbc.sql("UPDATE twilio_purchases SET state = 'BOUGHT', sid = :sid WHERE id = :id")
                .param("id", id)
                .param("sid", sid)
                .update();
    }

    /** A reservation Twilio did not sell: no longer counted. */
    void cancel(UUID id) {
        jdbc.sql("DELETE FROM twilio_purchases WHERE id = :id AND state = 'RESERVED'").param("id", id).update();
    }
}
