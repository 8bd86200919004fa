package io.didpool.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.platform.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCipherTest {

    @TempDir
    Path dataDir;

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void sealsWithAFreshNonceAndOpensOnlyWithTheSameKeyAndRow() {
        CredentialCipher cipher = new CredentialCipher(KEY, new DataDirectory(dataDir.toString()));
        byte[] once = cipher.encrypt("0123456789abcdef0123456789abcdef", "row-1");
        byte[] twice = cipher.encrypt("0123456789abcdef0123456789abcdef", "row-1");

        assertThat(once).isNotEqualTo(twice);
        assertThat(cipher.decrypt(once, "row-1")).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThatThrownBy(() -> cipher.decrypt(once, "row-2"))
                .isInstanceOf(CredentialCipher.UnreadableSecretException.class);
        String otherKey = Base64.getEncoder().encodeToString("another key of exactly 32 bytes!".getBytes());
        assertThatThrownBy(() -> new CredentialCipher(otherKey, new DataDirectory(dataDir.toString()))
                .decrypt(once, "row-1")).isInstanceOf(CredentialCipher.UnreadableSecretException.class);
    }

    @Test
    void generatesAKeyIntoTheDataDirOnceAndKeepsUsingIt() throws Exception {
        CredentialCipher first = new CredentialCipher("", new DataDirectory(dataDir.toString()));
        byte[] sealed = first.encrypt("secret", "row");
        Path keyFile = dataDir.resolve("secret-key");

        assertThat(keyFile).exists();
        assertThat(Files.getPosixFilePermissions(keyFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        CredentialCipher restarted = new CredentialCipher(" ", new DataDirectory(dataDir.toString()));
        assertThat(restarted.decrypt(sealed, "row")).isEqualTo("secret");
    }

    @Test
    void aBadKeyIsAClearStartUpErrorThatDoesNotShowTheKey() {
        DataDirectory dir = new DataDirectory(dataDir.toString());
        assertThatThrownBy(() -> new CredentialCipher("not base64 !!", dir))
                .hasMessageContaining("DIDPOOL_SECRET_KEY is not valid base64")
                .hasMessageNotContaining("not base64 !!");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new CredentialCipher(shortKey, dir))
                .hasMessageContaining("DIDPOOL_SECRET_KEY decodes to 16 bytes")
                .hasMessageContaining("exactly 32")
                .hasMessageNotContaining(shortKey);
    }
}
