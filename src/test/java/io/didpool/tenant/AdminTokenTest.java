package io.didpool.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.didpool.DidpoolApplication;
import io.didpool.testsupport.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A configured admin token too short to resist guessing stops the service at start, saying so in one line. */
class AdminTokenTest {

    @TempDir
    Path dataDir;

    @Test
    void refusesToStartWithAnAdminTokenShorterThan32CharactersWithoutShowingIt() {
        String token = "only-31-characters-long-token-x";
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.db.url=" + TestDatabase.jdbcUrl(),
                        "didpool.admin-token=" + token, "didpool.data-dir=" + dataDir)
                .run());

        Throwable cause = failure;
        while (!(cause instanceof AdminToken.TooShort) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(AdminToken.TooShort.class)
                .hasMessage("DIDPOOL_ADMIN_TOKEN has 31 characters; it must have at least 32");
        FailureAnalysis analysis = new AdminToken.TooShort.Analyzer().analyze(failure);
        assertThat(analysis.getDescription()).isEqualTo(cause.getMessage());
        assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(token);
    }

    @Test
    void acceptsAToken32CharactersLong() {
        new AdminToken("exactly-32-characters-long-token", null);
    }
}
