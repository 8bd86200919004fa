package io.didpool.twilio;

import com.zaxxer.hikari.HikariDataSource;
import io.didpool.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of an import: one statement per page (its own transaction) that inserts the new numbers, updates the
 * changed ones and leaves the rest untouched, and a tenant-wide advisory lock that keeps two imports of a tenant
 * from interleaving, across every instance.
 */
@Repository
class ImportRepository {

    /** The page as a relation, from one array per column: one round trip whatever the page size. */
    private static final String INCOMING = """
            unnest(CAST(:numbers AS varchar[]), CAST(:sids AS varchar[]), CAST(:names AS varchar[]),
                   CAST(:voice AS boolean[]), CAST(:sms AS boolean[]), CAST(:mms AS boolean[]))
                AS i (number, provider_sid, friendly_name, capability_voice, capability_sms, capability_mms)""";

    /** The columns an import owns; usage, status and timestamps of use are never touched. */
    private static final String OWNED = "segment, trunk, provider, provider_sid, friendly_name, "
            + "capability_voice, capability_sms, capability_mms, import_source";

    private static final String PROVIDER = "Twilio";
    private static final String IMPORT_SOURCE = "twilio-api";

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    ImportRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** Creates the new numbers {@code active} and updates the changed ones; says how many of each. */
    Counts upsert(TenantId tenant, Target target, List<TwilioNumber> page) {
        return withPage(jdbc.sql("""
                        WITH upserted AS (
                            INSERT INTO asterisk_dids AS d (id, tenant_id, number, status, %1$s)
                            SELECT gen_random_uuid(), :tenant, i.number, 'active', :segment, :trunk, :provider,
                                   i.provider_sid, i.friendly_name, i.capability_voice, i.capability_sms,
                                   i.capability_mms, :importSource
                            FROM %2$s
                            ON CONFLICT (tenant_id, number) DO UPDATE
                            SET segment = EXCLUDED.segment, trunk = EXCLUDED.trunk, provider = EXCLUDED.provider,
                                provider_sid = EXCLUDED.provider_sid, friendly_name = EXCLUDED.friendly_name,
                                capability_voice = EXCLUDED.capability_voice, capability_sms = EXCLUDED.capability_sms,
                                capability_mms = EXCLUDED.capability_mms, import_source = EXCLUDED.import_source,
                                updated_at = now()
                            WHERE (d.%3$s) IS DISTINCT FROM (EXCLUDED.%4$s)
                            RETURNING (xmax = 0) AS inserted)
                        SELECT count(*) FILTER (WHERE inserted) AS created,
                               count(*) FILTER (WHERE NOT inserted) AS updated
                        FROM upserted""".formatted(OWNED, INCOMING, OWNED.replace(", ", ", d."),
                        OWNED.replace(", ", ", EXCLUDED."))), tenant, target, page);
    }

    /** What {@link #upsert} would do, changing nothing. */
    Counts preview(TenantId tenant, Target target, List<TwilioNumber> page) {
        return withPage(jdbc.sql("""
                        SELECT count(*) FILTER (WHERE d.id IS NULL) AS created,
                               count(*) FILTER (WHERE d.id IS NOT NULL AND (d.%1$s) IS DISTINCT FROM
                                   (CAST(:segment AS varchar), CAST(:trunk AS varchar), CAST(:provider AS varchar),
                                    i.provider_sid, i.friendly_name, i.capability_voice, i.capability_sms,
                                    i.capability_mms, CAST(:importSource AS varchar))) AS updated
                        FROM %2$s
                        LEFT JOIN asterisk_dids d ON d.tenant_id = :tenant AND d.number = i.number"""
                        .formatted(OWNED.replace(", ", ", d."), INCOMING)), tenant, target, page);
    }

    private static Counts withPage(JdbcClient.StatementSpec statement, TenantId tenant, Target target,
            List<TwilioNumber> page) {
        int n = page.size();
        String[] numbers = new String[n];
        String[] sids = new String[n];
        String[] names = new String[n];
        Boolean[] voice = new Boolean[n];
        Boolean[] sms = new Boolean[n];
        Boolean[] mms = new Boolean[n];
        for (int k = 0; k < n; k++) {
            TwilioNumber number = page.get(k);
            numbers[k] = number.number();
            sids[k] = number.sid();
            names[k] = number.friendlyName();
            voice[k] = number.voice();
            sms[k] = number.sms();
            mms[k] = number.mms();
        }
        return statement
                .param("tenant", tenant.value())
                .param("segment", target.segment())
                .param("trunk", target.trunk())
                .param("provider", PROVIDER)
                .param("importSource", IMPORT_SOURCE)
                .param("numbers", numbers)
                .param("sids", sids)
                .param("names", names)
                .param("voice", voice)
                .param("sms", sms)
                .param("mms", mms)
                .query((rs, row) -> new Counts(rs.getInt("created"), rs.getInt("updated")))
                .single();
    }

    /**
     * The tenant's import lock, held by a connection of its own until {@link ImportLock#close}; empty when another
     * import of the tenant holds it, here or on another instance. Session-level, so that it outlives the page
     * transactions, and released by PostgreSQL itself if this instance dies.
     */
    Optional<ImportLock> tryLock(TenantId tenant) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            if (lockQuery(connection, "SELECT pg_try_advisory_lock(hashtextextended(?, 0))", tenant)) {
                return Optional.of(new ImportLock(connection, tenant));
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            discard(connection);
            throw new IllegalStateException("cannot take the import lock", e);
        }
    }

    private static boolean lockQuery(Connection connection, String sql, TenantId tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "didpool.twilio-import/" + tenant.value());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Closes the session itself rather than pooling it, so that no lock it may still hold outlives it. */
    private void discard(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
            } else {
                connection.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close a connection that may hold an import lock", e);
        }
    }

    final class ImportLock implements AutoCloseable {
        private final Connection connection;
        private final TenantId tenant;

        private ImportLock(Connection connection, TenantId tenant) {
            this.connection = connection;
            this.tenant = tenant;
        }

        @Override
        public void close() {
            boolean released;
            try {
                released = lockQuery(connection, "SELECT pg_advisory_unlock(hashtextextended(?, 0))", tenant);
            } catch (SQLException e) {
                released = false;
            }
            if (released) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    discard(connection);
                }
            } else {
                discard(connection);
            }
        }
    }

    record Target(String segment, String trunk) {
    }

    record Counts(int created, int updated) {
    }
}
