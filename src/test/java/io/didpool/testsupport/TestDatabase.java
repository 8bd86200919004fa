package io.didpool.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test JVM (the same embedded server the service runs by default). Application
 * contexts point at it through {@code didpool.db.url}, exactly as a production instance points at an external
 * server; tests isolate their data by creating their own tenants, or their own database when they need a schema
 * of their own.
 *
 * <p>Unlike the service's own embedded server (password only, binaries in a private directory), this throwaway server
 * keeps zonky's defaults: trust authentication and binaries in /tmp/embedded-pg. It lives only as long as the test
 * JVM and holds nothing but test data.
 */
public final class TestDatabase {

    private static final Map<String, String> NAMED = new ConcurrentHashMap<>();

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(Files.createTempDirectory("didpool-test-pg"))
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    /** The database shared by the application contexts of the suite. */
    public static String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }

    /** A new, empty database on the same server, for a test that needs a schema of its own. */
    /**
     * The database of this prefix, created the first time it is asked for: the one database of all the test classes
     * that share an application context of their own ({@link LongDryRunCalls}, {@link OwnClock}).
     */
    public static String databaseOf(String prefix) {
        return NAMED.computeIfAbsent(prefix, TestDatabase::newDatabase);
    }

    public static String newDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return server().getJdbcUrl("postgres", name);
    }
}
