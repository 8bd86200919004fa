package io.didpool.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.DidpoolApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The default with no DIDPOOL_DB_URL: didpool runs its own PostgreSQL, keeps its data, stops it with itself, and
 * opens it to no one else: password authentication only, programs in a directory only its user can write.
 */
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
            assertPasswordOnly(second.getBean(EmbeddedPostgres.class).getPort());
        }
        for (String secret : List.of("admin-token", "db-password")) {
            assertThat(Files.getPosixFilePermissions(dataDir.resolve(secret))).as(secret)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void acceptsPasswordsOnlyAndRunsProgramsFromADirectoryOnlyItsUserCanWrite() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            EmbeddedPostgres postgres = app.getBean(EmbeddedPostgres.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            List<Map<String, Object>> rules = jdbc.queryForList(
                    "SELECT type, auth_method, error FROM pg_hba_file_rules");
            assertThat(rules).isNotEmpty().allSatisfy(rule -> {
                assertThat(rule.get("auth_method")).isEqualTo("scram-sha-256");
                assertThat(rule.get("error")).isNull();
            });
            assertThat(jdbc.queryForObject("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid"
                    + " WHERE rolname = 'postgres'", Boolean.class)).isTrue();
            assertPasswordOnly(postgres.getPort());

            Path binaries = dataDir.resolve("postgres-bin");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
            long postmaster = OrphanedPostmaster.livePostmaster(dataDir.resolve("postgres")).orElseThrow().pid();
            assertThat(Files.readSymbolicLink(Path.of("/proc", String.valueOf(postmaster), "exe")))
                    .as("the running PostgreSQL's program").startsWith(binaries);
        }
    }

    @Test
    void convertsTheTrustBasedDataDirectoryOfAnOlderDidpool() throws Exception {
        // what didpool wrote before: zonky's initdb with trust for every local connection
        try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
             Connection c = older.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA earlier; CREATE TABLE earlier.kept (v text);"
                    + " INSERT INTO earlier.kept VALUES ('from before')");
        }
        assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).contains("trust");

        try (ConfigurableApplicationContext app = start()) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT v FROM earlier.kept", String.class)).isEqualTo("from before");
            assertThat(jdbc.queryForList("SELECT auth_method FROM pg_hba_file_rules", String.class))
                    .isNotEmpty().containsOnly("scram-sha-256");
            assertPasswordOnly(app.getBean(EmbeddedPostgres.class).getPort());
        }
        assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).doesNotContain("trust");
    }

    @Test
    void aRunningDidpoolsPostgresIsNeverTakenForAnOrphan() {
        try (ConfigurableApplicationContext app = start()) {
            Path postgres = dataDir.resolve("postgres");
            assertThatThrownBy(() -> OrphanedPostmaster.stopIfAny(postgres))
                    .hasMessageContaining("belongs to another didpool that is still running");
            assertThat(app.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void refusesABinariesDirectoryOthersCouldWriteOrOwn() throws IOException {
        Path open = Files.createDirectory(dataDir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateDirectory.of(open)).hasMessageContaining("writable by group or others");

        Path foreign = Files.createDirectory(dataDir.resolve("foreign"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(foreign, "unix:uid", 65534);
        assertThatThrownBy(() -> PrivateDirectory.of(foreign)).hasMessageContaining("belongs to user id 65534");

        Path link = Files.createSymbolicLink(dataDir.resolve("link"), Files.createTempDirectory("elsewhere"));
        assertThatThrownBy(() -> PrivateDirectory.of(link)).hasMessageContaining("is not a directory");

        Path created = PrivateDirectory.of(dataDir.resolve("made/here"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rwx------");
    }

    /** The superuser, without the password or with a wrong one, is refused; with didpool's password it gets in. */
    private void assertPasswordOnly(int port) throws IOException {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", null).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        String password = Files.readString(dataDir.resolve("db-password")).strip();
        try (Connection c = DriverManager.getConnection(url, "postgres", password)) {
            assertThat(c.isValid(5)).isTrue();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
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
