package io.didpool.platform;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Running didpool's migrations on a test database of its own, and reading what PostgreSQL said when it refused one. */
final class Migrations {

    private Migrations() {
    }

    /** Flyway on the database at {@code url}, up to {@code target} (null: every migration). */
    static Flyway flyway(String url, String target) {
        var config = Flyway.configure().dataSource(new DriverManagerDataSource(url));
        return (target == null ? config : config.target(target)).load();
    }

    /** What PostgreSQL answered when {@code migration} was refused; fails when it was not. */
    static ServerErrorMessage refusal(Runnable migration) {
        try {
            migration.run();
        } catch (FlywayException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                    return psql.getServerErrorMessage();
                }
            }
            throw new AssertionError("refused without a message of PostgreSQL", e);
        }
        throw new AssertionError("the migration was not refused");
    }
}
