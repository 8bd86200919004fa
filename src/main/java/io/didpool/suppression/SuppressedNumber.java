package io.didpool.suppression;

import java.time.Instant;

/**
 * An entry of a tenant's do-not-call list: {@code active} while it suppresses (no {@code expiresAt}, or one still to
 * come by the database's clock); an expired entry is listed until it is removed or replaced.
 */
record SuppressedNumber(String number, String reason, Instant expiresAt, Instant createdAt, Instant updatedAt,
        boolean active) {
}
