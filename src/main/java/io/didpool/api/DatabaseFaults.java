package io.didpool.api;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures mean "the database is away or did not answer in time", as opposed to a bug. Every wait on the
 * database is bounded (see {@code io.didpool.platform.DatabaseConfiguration}); these are what the bounds end in.
 */
public final class DatabaseFaults {

    /** How long a caller is told to wait before it retries (a paused or restarting server is back within seconds). */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * SQLSTATEs that say the server cannot answer now: class 08 (connection failures, including the client's socket
     * timeout), query canceled (57014: statement_timeout), lock not available (55P03: lock_timeout), the server
     * shutting down or starting up (57P01–57P03), too many connections (53300), and deadlock or serialization
     * failure (40P01, 40001), which a retry resolves.
     */
    private static final Set<String> UNAVAILABLE_STATES =
            Set.of("57014", "55P03", "57P01", "57P02", "57P03", "53300", "40P01", "40001");
    private static final String HIKARI_CLOSED = "Connection is closed";
    private static final long LOG_EVERY_MILLIS = 10_000;
    private static final AtomicLong lastLogged = new AtomicLong();

    private DatabaseFaults() {
    }

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            // HikariCP's answer, without a SQLSTATE, on a connection it closed because it found it broken (class 08):
            // typically the rollback after a statement or COMMIT lost the connection
            if (t instanceof SQLException sql && sql.getSQLState() == null
                    && HIKARI_CLOSED.equals(sql.getMessage())) {
                return true;
            }
            // a rollback that failed after the work failed: what failed first is the application exception
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && isUnavailable(rollback.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    /** One line, at most every 10 s: during an outage every request fails the same way. */
    static void logUnavailable(Logger log, Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
            Throwable root = failure;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            log.warn("The database is unreachable or did not answer in time; requests are answered 503 until it does"
                    + " ({}: {})",
                    root.getClass().getSimpleName(), root.getMessage());
        }
    }
}
