package io.didpool.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.DidpoolApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseUnavailableAnalyzerTest {

    @TempDir
    Path dataDir;

    @Test
    void saysWhichSettingPointsAtAnUnreachableDatabaseWithoutThePassword(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.data-dir=" + dataDir,
                        "didpool.db.url=jdbc:postgresql://localhost:1/didpool?password=hunter2",
                        "didpool.db.password=hunter3", "spring.datasource.hikari.initialization-fail-timeout=1")
                .run()).isInstanceOf(RuntimeException.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("could not connect to the database at DIDPOOL_DB_URL (jdbc:postgresql://localhost:1/didpool)")
                .contains("Connection to localhost:1 refused")
                .doesNotContain("hunter2", "hunter3");
    }
}
