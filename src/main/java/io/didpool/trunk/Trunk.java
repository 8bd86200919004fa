package io.didpool.trunk;

import io.didpool.tenant.TenantId;
import java.util.List;
import java.util.UUID;

/**
 * A trunk (the Asterisk PJSIP endpoint named by DIDs' {@code trunk}) with its carrier's limits and the tenants that
 * may use it. {@code configured} is false for a trunk the admin never set up: it then has the defaults below.
 *
 * @param callsPerSecond     most call set-ups per second, all instances together
 * @param maxConcurrentCalls most calls in progress (ringing included), all instances together; null: no cap
 * @param tenants            the tenants that may use it; null: every tenant
 */
public record Trunk(String name, double callsPerSecond, Integer maxConcurrentCalls, List<UUID> tenants,
        boolean configured) {

    /** A trunk name: it ends up in AMI actions and Asterisk's configuration, hence so strict. */
    public static final String NAME = "^[A-Za-z0-9_-]{1,64}$";
    private static final java.util.regex.Pattern NAME_PATTERN = java.util.regex.Pattern.compile(NAME);

    /** Twilio Elastic SIP Trunking admits one call set-up per second per trunk unless raised. */
    public static final double DEFAULT_CALLS_PER_SECOND = 1;

    public static boolean isName(String value) {
        return value != null && NAME_PATTERN.matcher(value).matches();
    }

    static Trunk unconfigured(String name) {
        return new Trunk(name, DEFAULT_CALLS_PER_SECOND, null, null, false);
    }

    public boolean openTo(TenantId tenant) {
        return tenants == null || tenants.contains(tenant.value());
    }
}
