package io.didpool.platform;

import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Start-up failed because PostgreSQL refused a migration: show what PostgreSQL said and its hint, which is where a
 * migration such as V7 explains the rows it refuses and the SQL that fixes them, instead of Flyway's report with the
 * whole script. Ordered before {@link DatabaseUnavailableAnalyzer}: a refused migration also carries an SQLException,
 * but the database was reached.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class MigrationRefusedAnalyzer extends AbstractFailureAnalyzer<FlywayMigrateException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FlywayMigrateException cause) {
        ServerErrorMessage refusal = serverMessage(cause);
        if (refusal == null) {
            return null;
        }
        String script = cause.getMigration() == null ? "a migration" : cause.getMigration().getScript();
        String outcome = cause.isExecutableInTransaction()
                ? "PostgreSQL rolled it back: the database is as it was before, and the migration runs again at the"
                        + " next start."
                : "It ran outside a transaction: check what it changed before starting again.";
        String hint = refusal.getHint() == null ? "Fix what PostgreSQL reports, then start didpool again."
                : refusal.getHint();
        return new FailureAnalysis("The database refused migration " + script + ": " + refusal.getMessage()
                + "\n\n" + outcome, hint, cause);
    }

    private static ServerErrorMessage serverMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage();
            }
        }
        return null;
    }
}
