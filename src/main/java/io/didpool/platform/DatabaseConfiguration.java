package io.didpool.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The database: {@code DIDPOOL_DB_URL} when set (production, several instances sharing one server), otherwise a
 * real PostgreSQL that didpool starts itself with its data in {@code DIDPOOL_DATA_DIR/postgres}, so that a fresh
 * machine needs nothing installed. The embedded server is a bean of its own so that Spring closes the connection
 * pool before it stops the server.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    static final String EMBEDDED = "'${didpool.db.url:}'.isBlank()";

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(EMBEDDED)
    EmbeddedPostgres embeddedPostgres(DataDirectory dataDirectory) throws IOException {
        Path dir = dataDirectory.resolve("postgres");
        Files.createDirectories(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                // zonky defaults to synchronous_commit=off, made for throwaway test databases; a served database must
                // not forget a committed allocation or import when the machine crashes.
                .setServerConfig("synchronous_commit", "on")
                .start();
        log.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), dir);
        return postgres;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Environment env, ObjectProvider<EmbeddedPostgres> embedded) {
        HikariConfig config = new HikariConfig();
        String url = env.getProperty("didpool.db.url", "");
        if (url.isBlank()) {
            EmbeddedPostgres postgres = embedded.getObject();
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(url);
            config.setUsername(env.getProperty("didpool.db.username"));
            config.setPassword(env.getProperty("didpool.db.password"));
        }
        config.setPoolName("didpool");
        config.setMaximumPoolSize(env.getProperty("didpool.db.pool-size", Integer.class, 20));
        return new HikariDataSource(config);
    }
}
