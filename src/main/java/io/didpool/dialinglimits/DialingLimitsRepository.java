package io.didpool.dialinglimits;

import io.didpool.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of {@code dialing_limits} and {@code contact_attempts} (V30). */
@Repository
class DialingLimitsRepository {

    /** Prefix of the strings whose hash is a (tenant, number)'s advisory lock key ({@link #lockKey}). */
    static final String LOCK_PREFIX = "didpool.contact-attempts/";

    private final JdbcClient jdbc;

    DialingLimitsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's limit; empty when it has none. */
    Optional<Integer> limit(TenantId tenant) {
        return jdbc.sql("SELECT max_calls_per_contact_per_day FROM dialing_limits WHERE tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(Integer.class)
                .optional();
    }

    /** Of these tenants, those with a limit, and their limit: one statement, one primary-key probe per tenant. */
    Map<UUID, Integer> limits(UUID[] tenants) {
        Map<UUID, Integer> limits = new HashMap<>();
        jdbc.sql("""
                        SELECT tenant_id, max_calls_per_contact_per_day FROM dialing_limits
                         WHERE tenant_id = ANY (CAST(:tenants AS uuid[]))""")
                .param("tenants", tenants)
                .query((ResultSet rs) -> {
                    limits.put(rs.getObject("tenant_id", UUID.class), rs.getInt("max_calls_per_contact_per_day"));
                });
        return limits;
    }

    /** Sets the tenant's limit; null removes it. */
    void setLimit(TenantId tenant, Integer limit) {
        if (limit == null) {
            jdbc.sql("DELETE FROM dialing_limits WHERE tenant_id = :tenant").param("tenant", tenant.value()).update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO dialing_limits (tenant_id, max_calls_per_contact_per_day) VALUES (:tenant, :limit)
                        ON CONFLICT (tenant_id) DO UPDATE
                           SET max_calls_per_contact_per_day = EXCLUDED.max_calls_per_contact_per_day,
                               updated_at = now()""")
                .param("tenant", tenant.value())
                .param("limit", limit)
                .update();
    }

    /** Holds the tenant's setting until the transaction ends: two changes of it take turns, on every instance. */
    void lockSetting(TenantId tenant) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "didpool.dialing-limits/" + tenant.value())
                .query((rs, i) -> 1)
                .single();
    }

    /**
     * Takes these advisory locks, exclusive and transaction-scoped, in the order given (the caller sorts them):
     * {@code unnest ... WITH ORDINALITY} yields the keys in the array's order and each row's lock is taken as it is
     * read, so the statement waits at the first lock another transaction holds, holding only the ones before it.
     */
    void lock(long[] sortedKeys) {
        jdbc.sql("""
                        SELECT pg_advisory_xact_lock(k)
                          FROM unnest(CAST(:keys AS bigint[])) WITH ORDINALITY AS u(k, i)
                         ORDER BY i""")
                .param("keys", box(sortedKeys))
                .query((rs, i) -> 1)
                .list();
    }

    /**
     * Of each (tenant, number) at index i, its newest {@code newest[i]} attempts after {@code since}: their times,
     * newest first, by pair index. One statement; each pair is one backward range scan of the index that stops after
     * that many rows. Attempts later than the claim's clock count too: a claim that read the clock before another
     * committed must still see it.
     */
    Map<Integer, List<Instant>> newestAttempts(UUID[] tenants, String[] numbers, int[] newest, Instant since) {
        Map<Integer, List<Instant>> found = new HashMap<>();
        jdbc.sql("""
                        SELECT p.i, a.at
                          FROM unnest(CAST(:tenants AS uuid[]), CAST(:numbers AS varchar[]), CAST(:newest AS int[]))
                               WITH ORDINALITY AS p(tenant_id, number, newest, i)
                         CROSS JOIN LATERAL (
                               SELECT c.at FROM contact_attempts c
                                WHERE c.tenant_id = p.tenant_id AND c.number = p.number AND c.at > :since
                                ORDER BY c.at DESC
                                LIMIT p.newest) a
                         ORDER BY p.i, a.at DESC""")
                .param("tenants", tenants)
                .param("numbers", numbers)
                .param("newest", box(newest))
                .param("since", Timestamp.from(since))
                .query((ResultSet rs) -> {
                    found.computeIfAbsent((int) rs.getLong("i") - 1, i -> new ArrayList<>())
                            .add(rs.getTimestamp("at").toInstant());
                });
        return found;
    }

    /** Records one attempt per (tenant, number) at {@code at}: one statement. */
    void record(UUID[] tenants, String[] numbers, Instant at) {
        jdbc.sql("""
                        INSERT INTO contact_attempts (tenant_id, number, at)
                        SELECT tenant_id, number, :at
                          FROM unnest(CAST(:tenants AS uuid[]), CAST(:numbers AS varchar[])) AS a(tenant_id, number)""")
                .param("tenants", tenants)
                .param("numbers", numbers)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Deletes the attempts older than 25 hours by the database's clock: the window no longer reaches them. */
    int pruneAttempts() {
        return jdbc.sql("DELETE FROM contact_attempts WHERE at < now() - INTERVAL '25 hours'").update();
    }

    /**
     * The advisory lock key of a (tenant, number): the first 64 bits of the SHA-256 of
     * {@code "didpool.contact-attempts/<tenant uuid>/<number>"}. Other users of single-bigint advisory locks key
     * theirs by other strings ({@code didpool.segment/…}, {@code didpool.twilio-import/…}), a tenant's UUID halves
     * (allocation) or a constant (NANP regions); two-int locks (allocation's segments) are a separate key space in
     * PostgreSQL. A collision is a 2^-64 chance and only makes two claims wait for each other, never count wrong.
     */
    static long lockKey(UUID tenant, String number) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((LOCK_PREFIX + tenant + "/" + number).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int b = 0; b < Long.BYTES; b++) {
                key = (key << 8) | (hash[b] & 0xFF);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static Long[] box(long[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
    }

    private static Integer[] box(int[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
    }
}
