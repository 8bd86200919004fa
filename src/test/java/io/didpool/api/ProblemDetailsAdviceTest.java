package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

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
}
