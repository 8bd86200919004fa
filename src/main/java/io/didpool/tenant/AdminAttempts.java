package io.didpool.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Failed admin authentications per client address: each is logged (address and path, never the token), and after
 * {@link AdminAttemptsProperties#maxFailures()} of them the address is refused for a while, whatever token it sends,
 * so that the token cannot be guessed at the speed of the network. Nothing sleeps: a refused request is answered at
 * once. Only the addresses that failed recently are remembered. A tenant's key in use is not a failure: tenants behind
 * one proxy share its address, and their mistakes must not lock the admin out.
 */
@Component
class AdminAttempts {

    private static final Logger log = LoggerFactory.getLogger(AdminAttempts.class);
    /** Past this many remembered addresses, those whose failures are forgotten anyway are dropped first. */
    private static final int SWEEP_ABOVE = 10_000;

    private final AdminAttemptsProperties properties;
    private final ConcurrentMap<String, Failures> byClient = new ConcurrentHashMap<>();

    AdminAttempts(AdminAttemptsProperties properties) {
        this.properties = properties;
    }

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    /** How long {@code client} must still wait before it may try an admin token again; empty when it may now. */
    Optional<Duration> lockedOut(String client) {
        Failures failures = byClient.get(client);
        Instant now = Instant.now();
        if (failures == null || failures.lockedUntil() == null) {
            return Optional.empty();
        }
        if (now.isBefore(failures.lockedUntil())) {
            return Optional.of(Duration.between(now, failures.lockedUntil()));
        }
        byClient.remove(client, failures); // served its time: it starts afresh
        return Optional.empty();
    }

    void succeeded(String client) {
        byClient.remove(client);
    }

    /** A tenant's key in use where the admin token is taken: a mistake, not a guess, so logged but never counted. */
    void tenantKey(String client, String path, TenantService.AuthenticatedKey key) {
        log.info("A tenant's API key (key {} \"{}\" of tenant {}) from {} on {}: refused, not counted as a wrong admin"
                + " token", key.id(), key.name(), key.tenant().value(), client, printable(path));
    }

    void failed(String client, String path) {
        Instant now = Instant.now();
        Failures failures = byClient.compute(client, (c, previous) -> {
            int count = previous == null || previous.last().plus(properties.lockout()).isBefore(now)
                    ? 1 : previous.count() + 1;
            return new Failures(count, now,
                    count >= properties.maxFailures() ? now.plus(properties.lockout()) : null);
        });
        log.warn("Wrong admin token from {} on {} ({} in a row){}", client, printable(path),
                failures.count(), failures.lockedUntil() == null ? ""
                        : "; this address is refused for " + properties.lockout().toSeconds() + " s");
        if (byClient.size() > SWEEP_ABOVE) {
            byClient.values().removeIf(f -> f.lockedUntil() == null && f.last().plus(properties.lockout()).isBefore(now)
                    || f.lockedUntil() != null && f.lockedUntil().isBefore(now));
        }
    }

    /** The path as a log line may show it: a control character could forge lines. */
    private static String printable(String path) {
        return path.replaceAll("\\p{Cntrl}", "?");
    }
}
