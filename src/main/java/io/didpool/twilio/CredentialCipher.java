package io.didpool.twilio;

import io.didpool.platform.DataDirectory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for stored provider secrets. The key is {@code DIDPOOL_SECRET_KEY} (base64 of 32 bytes) or, when unset,
 * a key generated once into the data dir. A blob is the 12-byte random nonce followed by the ciphertext and tag;
 * the associated data binds it to its row, so a blob copied to another tenant does not decrypt.
 */
@Component
class CredentialCipher {

    private static final Logger log = LoggerFactory.getLogger(CredentialCipher.class);
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    CredentialCipher(@Value("${didpool.secret-key:}") String configured, DataDirectory dataDirectory) {
        if (configured.isBlank()) {
            String generated = dataDirectory.secret("secret-key", KEY_BYTES, path -> log.info(
                    "Generated the credential encryption key into {} (owner-readable only); set DIDPOOL_SECRET_KEY "
                            + "to manage it yourself", path));
            this.key = new SecretKeySpec(decode(generated, dataDirectory.resolve("secret-key").toString()), "AES");
        } else {
            this.key = new SecretKeySpec(decode(configured, "DIDPOOL_SECRET_KEY"), "AES");
        }
    }

    /** The key's bytes, or a start-up error naming where the key came from (never the key). */
    static byte[] decode(String encoded, String source) {
        String value = encoded.strip();
        byte[] raw;
        try {
            raw = value.indexOf('-') >= 0 || value.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(value) : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new TwilioConfigurationException(source + " is not valid base64: it must be 32 random bytes in base64, "
                    + "for example the output of `openssl rand -base64 32`");
        }
        if (raw.length != KEY_BYTES) {
            throw new TwilioConfigurationException(source + " decodes to " + raw.length + " bytes: it must be exactly "
                    + KEY_BYTES + " (AES-256), for example the output of `openssl rand -base64 32`");
        }
        return raw;
    }

    byte[] encrypt(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** @throws UnreadableSecretException when the blob was sealed under another key or for another row */
    String decrypt(byte[] blob, String associatedData) {
        if (blob.length <= NONCE_BYTES) {
            throw new UnreadableSecretException();
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    static final class UnreadableSecretException extends RuntimeException {
        UnreadableSecretException() {
            super("the stored secret does not decrypt with the current key");
        }
    }
}
