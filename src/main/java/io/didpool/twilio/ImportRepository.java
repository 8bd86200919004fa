package io.didpool.twilio;

import com.zaxxer.hikari.HikariDataSource;
import io.didpool.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.stereotype.Repository;

/**
 * The tenant-wide advisory lock that keeps two imports of a tenant from interleaving, across every instance. (The
 * pages themselves are written by the DID inventory, which owns the table.)
 */
@Repository
class ImportRepository {

    private final DataSource dataSource;

    ImportRepository(DataSource dataSource) {
        this.dataSource = dataSource;
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

}
