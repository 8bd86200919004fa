package io.didpool.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database: {@code DIDPOOL_DB_URL} when set (production, several instances sharing one server), otherwise a
 * real PostgreSQL that didpool starts itself ({@link EmbeddedDatabase}), so that a fresh machine needs nothing
 * installed. The embedded server is a bean of its own so that Spring closes the connection pool before it stops the
 * server. Every connection of the pool has bounded waits ({@link DatabaseProperties}).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    static final String EMBEDDED = "'${didpool.db.url:}'.isBlank()";

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(EMBEDDED)
    EmbeddedPostgres embeddedPostgres(DataDirectory dataDirectory) throws IOException {
        return EmbeddedDatabase.start(dataDirectory);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties, ObjectProvider<EmbeddedPostgres> embedded,
            DataDirectory dataDirectory) {
        HikariConfig config = new HikariConfig();
        Login login = login(properties, embedded, dataDirectory);
        config.setJdbcUrl(login.url());
        config.setUsername(login.username());
        config.setPassword(login.password());
        config.setPoolName("didpool");
        config.setMaximumPoolSize(properties.poolSize());
        config.setConnectionTimeout(properties.connectionTimeout().toMillis());
        // a pooled connection idle for a while is checked before use; a paused server fails the check in this time
        config.setValidationTimeout(Math.max(250, Math.min(2000, properties.connectionTimeout().toMillis() / 2)));
        config.addDataSourceProperty("connectTimeout", seconds(properties.connectionTimeout()));
        config.addDataSourceProperty("loginTimeout", seconds(properties.connectionTimeout()));
        config.addDataSourceProperty("socketTimeout", seconds(properties.socketTimeout()));
        // the session's defaults from its first moment (a URL that sets its own options keeps them)
        config.addDataSourceProperty("options", "-c statement_timeout=" + properties.statementTimeout().toMillis()
                + " -c lock_timeout=" + properties.lockTimeout().toMillis());
        return new HikariDataSource(config);
    }

    /**
     * Migrations get connections of their own, without the request timeouts: a migration may rightly run for minutes
     * (an index on a large table) or wait for a lock, and they run before the service answers anything.
     */
    @Bean
    FlywayConfigurationCustomizer migrationsWithoutRequestTimeouts(DatabaseProperties properties,
            ObjectProvider<EmbeddedPostgres> embedded, DataDirectory dataDirectory) {
        return flyway -> {
            Login login = login(properties, embedded, dataDirectory);
            flyway.dataSource(login.url(), login.username(), login.password());
        };
    }

    private static Login login(DatabaseProperties properties, ObjectProvider<EmbeddedPostgres> embedded,
            DataDirectory dataDirectory) {
        if (properties.embedded()) {
            return new Login(embedded.getObject().getJdbcUrl("postgres", "postgres"), "postgres",
                    EmbeddedDatabase.password(dataDirectory));
        }
        return new Login(properties.url(), properties.username(), properties.password());
    }

    private record Login(String url, String username, String password) {
    }

    private static String seconds(Duration duration) {
        return String.valueOf(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
