package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.unit.DataSize;

class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice(new HttpLimits(DataSize.ofMegabytes(1),
            DataSize.ofMegabytes(16), DataSize.ofMegabytes(32), 65536, 32));

    @Test
    void aValueTheDatabaseCannotStoreIsTheCallers400WithoutTheSql() {
        SQLException nul = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        ResponseEntity<Object> answer = advice.integrity(
                new DataIntegrityViolationException("INSERT INTO asterisk_dids ...", nul));

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getDetail()).contains("cannot be stored").doesNotContain("INSERT", "UTF8", "0x00");
    }

    @Test
    void anyOtherIntegrityViolationStaysAGeneric500() {
        SQLException foreignKey = new SQLException("ERROR: violates foreign key constraint", "23503");
        ResponseEntity<Object> answer = advice.integrity(
                new DataIntegrityViolationException("INSERT INTO journeys ...", foreignKey));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(((ProblemDetail) answer.getBody()).getDetail()).doesNotContain("INSERT", "foreign key");
    }

    @Test
    void anUnknownFieldOfABodyWithNoDescriptionStillListsTheFieldsItTakes() {
        assertThat(UnknownFieldsException.message(null, List.of("didId", "segment")))
                .isEqualTo("unknown field; the fields here are didId, segment");
        assertThat(UnknownFieldsException.message("an allocation", List.of())).isEqualTo("unknown field");
    }

    @Test
    void everyWayTheDatabaseFailsToAnswerInTimeIsA503WithRetryAfter() {
        List<Exception> faults = List.of(
                // the pool found no connection within its connectionTimeout
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new SQLTransientConnectionException("didpool - Connection is not available")),
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                        new SQLTransientConnectionException("didpool - Connection is not available")),
                // the driver's socketTimeout ended a statement, or the COMMIT
                new TransactionSystemException("Could not commit JDBC transaction",
                        new SQLException("An I/O error occurred while sending to the backend.", "08006")),
                // statement_timeout and lock_timeout, server side
                new QueryTimeoutException("SELECT ...", new SQLException("canceling statement", "57014")),
                new CannotAcquireLockException("UPDATE ...", new SQLException("could not obtain lock", "55P03")),
                new IllegalStateException("wrapped", new SQLException("terminating connection", "57P01")),
                // the rollback after a lost connection, on the connection the pool has closed as broken
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed")));
        for (Exception fault : faults) {
            ResponseEntity<Object> answer = advice.unexpected(fault);
            assertThat(answer.getStatusCode().value()).as(fault.toString()).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst("Retry-After")).as(fault.toString()).isEqualTo("5");
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(((ProblemDetail) answer.getBody()).getDetail()).contains("database")
                    .doesNotContain("SELECT", "UPDATE", "I/O");
        }
    }

    @Test
    void aDatabaseErrorThatIsABugStaysA500() {
        ResponseEntity<Object> answer = advice.database(new BadSqlGrammarException("select", "SELEC 1",
                new SQLException("syntax error", "42601")));
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
    }
}
