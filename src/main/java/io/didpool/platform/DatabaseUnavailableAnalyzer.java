package io.didpool.platform;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Start-up failed because the database could not be reached or refused the login: say so in the words of an
 * operator (which setting, what PostgreSQL answered) instead of 200 lines of bean-creation trace. PostgreSQL's
 * messages name the host and user, never the password; the URL is shown without its query, where a password may be.
 */
class DatabaseUnavailableAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    private final Environment environment;

    DatabaseUnavailableAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String url = environment.getProperty("didpool.db.url", "");
        if (url.isBlank()) {
            return new FailureAnalysis("didpool could not use its embedded PostgreSQL: " + cause.getMessage(),
                    "Check that DIDPOOL_DATA_DIR is writable and not used by another running didpool.", cause);
        }
        int query = url.indexOf('?');
        return new FailureAnalysis("didpool could not connect to the database at DIDPOOL_DB_URL ("
                + (query < 0 ? url : url.substring(0, query)) + "): " + cause.getMessage(),
                "Check DIDPOOL_DB_URL, DIDPOOL_DB_USERNAME and DIDPOOL_DB_PASSWORD and that PostgreSQL is running,"
                        + " or unset DIDPOOL_DB_URL to let didpool run its own PostgreSQL.", cause);
    }
}
