package io.didpool.tenant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How wrong admin tokens are slowed down ({@code didpool.admin-attempts.*}, or {@code DIDPOOL_ADMIN_ATTEMPTS_*}).
 *
 * @param maxFailures wrong admin tokens from one client address, each within {@code lockout} of the previous, after
 *                    which that address is refused (429) for {@code lockout}
 * @param lockout     how long a locked-out address is refused, and how long a failure is remembered
 */
@ConfigurationProperties("didpool.admin-attempts")
record AdminAttemptsProperties(
        @DefaultValue("10") int maxFailures,
        @DefaultValue("1m") Duration lockout) {
}
