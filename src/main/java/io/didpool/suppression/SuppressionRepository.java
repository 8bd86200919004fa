package io.didpool.suppression;

import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of {@code suppressed_numbers} (V28). Whether an entry suppresses is decided by the database's clock
 * ({@code now()}): the clock every instance's claim shares.
 */
@Repository
class SuppressionRepository {

    private static final String COLUMNS = """
            number, reason, expires_at, created_at, updated_at,
            (expires_at IS NULL OR expires_at > now()) AS active""";
    /** An entry that suppresses now. */
    private static final String ACTIVE = "(s.expires_at IS NULL OR s.expires_at > now())";
    /** The pairs suppressed now, by their index: a nested loop of primary-key probes ({@code SuppressionProbeTest}). */
    static final String ACTIVE_AMONG = """
            SELECT q.i, coalesce(s.reason, '') AS reason
              FROM unnest(CAST(:tenants AS uuid[]), CAST(:numbers AS varchar[])) WITH ORDINALITY
                AS q(tenant_id, number, i)
              JOIN suppressed_numbers s ON s.tenant_id = q.tenant_id AND s.number = q.number
             WHERE""" + " " + ACTIVE;
    /** Rows of one statement of an import: within PostgreSQL's bind limits, whatever the file's size. */
    static final int STATEMENT_ROWS = 10_000;

    private final JdbcClient jdbc;

    SuppressionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Of the (tenant, number) pairs, those suppressed now: their index in the lists and the entry's reason ("" when
     * it has none). One statement; each pair is one probe of the primary key.
     */
    Map<Integer, String> activeAmong(UUID[] tenants, String[] numbers) {
        Map<Integer, String> found = new HashMap<>();
        jdbc.sql(ACTIVE_AMONG)
                .param("tenants", tenants)
                .param("numbers", numbers)
                .query((ResultSet rs) -> {
                    found.put((int) rs.getLong("i") - 1, rs.getString("reason"));
                });
        return found;
    }

    Optional<SuppressedNumber> find(TenantId tenant, String number, boolean forUpdate) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM suppressed_numbers WHERE tenant_id = :tenant AND number = :number"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenant.value())
                .param("number", number)
                .query(SuppressionRepository::row)
                .optional();
    }

    SuppressedNumber put(TenantId tenant, String number, String reason, Instant expiresAt) {
        return jdbc.sql("""
                        INSERT INTO suppressed_numbers (tenant_id, number, reason, expires_at)
                        VALUES (:tenant, :number, :reason, :expiresAt)
                        ON CONFLICT (tenant_id, number) DO UPDATE
                           SET reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at, updated_at = now()
                        RETURNING""" + " " + COLUMNS)
                .param("tenant", tenant.value())
                .param("number", number)
                .param("reason", reason)
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                .query(SuppressionRepository::row)
                .single();
    }

    boolean delete(TenantId tenant, String number) {
        return jdbc.sql("DELETE FROM suppressed_numbers WHERE tenant_id = :tenant AND number = :number")
                .param("tenant", tenant.value())
                .param("number", number)
                .update() == 1;
    }

    /** Writes the rows (numbers distinct); answers how many were new. */
    int upsert(TenantId tenant, String[] numbers, String[] reasons, Timestamp[] expiresAt) {
        int created = 0;
        for (int from = 0; from < numbers.length; from += STATEMENT_ROWS) {
            int to = Math.min(numbers.length, from + STATEMENT_ROWS);
            created += jdbc.sql("""
                            INSERT INTO suppressed_numbers (tenant_id, number, reason, expires_at)
                            SELECT :tenant, number, reason, expires_at
                              FROM unnest(CAST(:numbers AS varchar[]), CAST(:reasons AS varchar[]),
                                          CAST(:expiresAt AS timestamptz[])) AS r(number, reason, expires_at)
                            ON CONFLICT (tenant_id, number) DO UPDATE
                               SET reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at, updated_at = now()
                            RETURNING (xmax = 0) AS created""")
                    .param("tenant", tenant.value())
                    .param("numbers", java.util.Arrays.copyOfRange(numbers, from, to))
                    .param("reasons", java.util.Arrays.copyOfRange(reasons, from, to))
                    .param("expiresAt", java.util.Arrays.copyOfRange(expiresAt, from, to))
                    .query(Boolean.class)
                    .list().stream().filter(Boolean::booleanValue).count();
        }
        return created;
    }

    /** A page of the tenant's entries by number; {@code q} finds part of the number or of the reason. */
    List<SuppressedNumber> list(TenantId tenant, String q, int page, int size) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM suppressed_numbers WHERE " + WHERE
                        + " ORDER BY number LIMIT :limit OFFSET :offset")
                .param("tenant", tenant.value())
                .param("q", like(q))
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(SuppressionRepository::row)
                .list();
    }

    long count(TenantId tenant, String q) {
        return jdbc.sql("SELECT count(*) FROM suppressed_numbers WHERE " + WHERE)
                .param("tenant", tenant.value())
                .param("q", like(q))
                .query(Long.class)
                .single();
    }

    /** Every entry of the tenant, by number, one at a time to {@code each}. */
    void forEach(TenantId tenant, Consumer<SuppressedNumber> each) {
        jdbc.sql("SELECT " + COLUMNS + " FROM suppressed_numbers WHERE tenant_id = :tenant ORDER BY number")
                .param("tenant", tenant.value())
                .query((ResultSet rs) -> {
                    each.accept(row(rs, 0));
                });
    }

    private static final String WHERE = """
            tenant_id = :tenant AND (CAST(:q AS text) IS NULL OR number LIKE :q ESCAPE '\\'
                                     OR reason ILIKE :q ESCAPE '\\')""";

    private static String like(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        return "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static SuppressedNumber row(ResultSet rs, int rowNum) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new SuppressedNumber(rs.getString("number"), rs.getString("reason"),
                expires == null ? null : expires.toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getBoolean("active"));
    }
}
