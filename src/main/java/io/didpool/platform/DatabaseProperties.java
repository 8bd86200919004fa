package io.didpool.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The database ({@code didpool.db.*}, or {@code DIDPOOL_DB_*}), and how long any wait on it may last. Every wait is
 * bounded so that a database that is paused, unreachable or stuck on a lock makes requests answer 503 within about
 * 10 s with the defaults (a connection, 3 s, then a statement that gets no answer, 6 s), instead of hanging for as
 * long as it does: the pool gives a connection within
 * {@code connectionTimeout}; the driver gives up on a server that sends nothing for {@code socketTimeout} (the only
 * bound a paused server cannot ignore); the server cancels a statement after {@code statementTimeout} and a lock wait
 * after {@code lockTimeout}. Keep {@code socketTimeout} above {@code statementTimeout}, so that a slow statement is
 * cancelled by the server (the connection survives) before the client gives up on it (the connection is dropped).
 *
 * @param url               an external PostgreSQL (JDBC URL); blank: the embedded one
 * @param username          the external PostgreSQL's user
 * @param password          the external PostgreSQL's password
 * @param poolSize          connections in the pool
 * @param connectionTimeout longest wait for a connection from the pool (also the driver's connect and login timeout)
 * @param socketTimeout     longest the driver waits for the server to answer anything
 * @param statementTimeout  PostgreSQL's {@code statement_timeout} for every connection of the pool
 * @param lockTimeout       PostgreSQL's {@code lock_timeout} for every connection of the pool
 */
@ConfigurationProperties("didpool.db")
record DatabaseProperties(
        String url,
        String username,
        String password,
        @DefaultValue("20") int poolSize,
        @DefaultValue("3s") Duration connectionTimeout,
        @DefaultValue("6s") Duration socketTimeout,
        @DefaultValue("5s") Duration statementTimeout,
        @DefaultValue("3s") Duration lockTimeout) {

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
