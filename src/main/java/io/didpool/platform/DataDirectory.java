package io.didpool.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code DIDPOOL_DATA_DIR}: home of the embedded PostgreSQL and of the secrets didpool generates for itself
 * when none is configured (admin token, credential encryption key). Generated secrets are written once,
 * owner-readable only, and reused on every later start.
 */
@Component
public class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public DataDirectory(@Value("${didpool.data-dir:./data}") String root) {
        this.root = Path.of(root).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /**
     * The secret stored in {@code name}, generated from {@code bytes} random bytes (base64url) at first use.
     * {@code announce} is told the file's path when it is created, never the secret.
     */
    public synchronized String secret(String name, int bytes, Consumer<Path> announce) {
        Path file = resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(root);
            byte[] raw = new byte[bytes];
            RANDOM.nextBytes(raw);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            announce.accept(file);
            return secret;
        } catch (IOException e) {
            log.error("Cannot read or create {}", file);
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
