package io.didpool.platform;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL takes passwords (SCRAM-SHA-256) only. zonky's initdb writes {@code trust} for every local
 * connection, which made any local account a superuser (and, through {@code COPY … FROM PROGRAM}, able to run commands
 * as didpool's user and read its secrets). Before every start, while the server is still down, this makes sure the
 * superuser has didpool's generated password and {@code pg_hba.conf} allows nothing but password authentication; a
 * data directory made by an older didpool (trust) is converted the same way. The password is set in single-user mode
 * ({@code postgres --single}), so there is never a moment in which the server accepts connections without one.
 */
final class PasswordAuthentication {

    private static final Logger log = LoggerFactory.getLogger(PasswordAuthentication.class);

    static final String PG_HBA = """
            # Written by didpool before every start of its embedded PostgreSQL: password (SCRAM) authentication only.
            # TYPE  DATABASE  USER  ADDRESS        METHOD
            local   all       all                  scram-sha-256
            host    all       all   127.0.0.1/32   scram-sha-256
            host    all       all   ::1/128        scram-sha-256
            """;

    private PasswordAuthentication() {
    }

    /**
     * Makes {@code dataDir} password-only with {@code password} for the superuser {@code postgres}. The password is set
     * when pg_hba.conf is not yet didpool's (new or older data directory) or when the password was just generated.
     */
    static void apply(Path dataDir, Path binaries, String password, boolean passwordIsNew) {
        Path hba = dataDir.resolve("pg_hba.conf");
        try {
            boolean converted = Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(PG_HBA);
            if (converted && !passwordIsNew) {
                return;
            }
            setPassword(postgres(binaries), dataDir, password);
            Path written = dataDir.resolve("pg_hba.conf.didpool");
            Files.writeString(written, PG_HBA, StandardCharsets.UTF_8);
            Files.move(written, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (!converted) {
                log.info("Embedded PostgreSQL: password authentication only (pg_hba.conf written, no trust); the"
                        + " password is in {}", dataDir.getParent().resolve(EmbeddedDatabase.PASSWORD_FILE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up password authentication in " + dataDir, e);
        }
    }

    /** {@code ALTER ROLE} in single-user mode: the server is not listening, nobody else can be connected. */
    private static void setPassword(Path postgres, Path dataDir, String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky does: PostgreSQL refuses to run as root
        }
        // no statement is logged, even on error: the statement holds the password
        command.addAll(List.of(postgres.toString(), "--single", "-D", dataDir.toString(),
                "-c", "password_encryption=scram-sha-256", "-c", "log_min_error_statement=panic",
                "-c", "log_statement=none", "postgres"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            // a base64url password: no quote or backslash can end the literal
            stdin.write(("ALTER ROLE postgres WITH PASSWORD '" + password + "';\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("ERROR:")) {
                process.destroy();
                throw new IOException("postgres --single could not set the superuser's password: "
                        + output.replace(password, "********").strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the embedded PostgreSQL's password", e);
        }
    }

    /**
     * The {@code postgres} program zonky unpacked into {@code binaries} (one directory per PostgreSQL build, named
     * by zonky): the newest one when an upgrade left more than one behind.
     */
    private static Path postgres(Path binaries) throws IOException {
        try (Stream<Path> builds = Files.list(binaries)) {
            return builds.map(build -> build.resolve("bin").resolve("postgres"))
                    .filter(Files::isExecutable)
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries in " + binaries));
        }
    }
}
