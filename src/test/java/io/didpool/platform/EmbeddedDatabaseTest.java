package io.didpool.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.DidpoolApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The default with no DIDPOOL_DB_URL: didpool runs its own PostgreSQL, keeps its data, and stops it with itself. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsDataAcrossRestartAndStopsPostgresWithTheService() throws IOException {
        String tenantId = UUID.randomUUID().toString();
        int firstPort;
        try (ConfigurableApplicationContext first = start()) {
            firstPort = first.getBean(EmbeddedPostgres.class).getPort();
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
            jdbc.update("INSERT INTO tenants (id, name) VALUES (?::uuid, 'kept')", tenantId);
        }
        assertThat(listening(firstPort)).as("PostgreSQL stopped with the service").isFalse();

        try (ConfigurableApplicationContext second = start()) {
            String name = second.getBean(JdbcTemplate.class)
                    .queryForObject("SELECT name FROM tenants WHERE id = ?::uuid", String.class, tenantId);
            assertThat(name).isEqualTo("kept");
        }
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin-token")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.data-dir=" + dataDir, "didpool.db.url=")
                .run();
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
