package io.didpool.asterisk;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where the Asterisk Manager Interface is and how calls are placed. {@code host} blank means no AMI: dry run.
 * {@code ringTimeout} is the Originate's {@code Timeout} (how long the far end may ring); {@code outcomeGrace} how
 * long to wait after a failed OriginateResponse for the DialEnd or Hangup that tells busy from congestion.
 */
record AmiSettings(String host, int port, String username, String password, String context, Duration ringTimeout,
        Duration outcomeGrace, Duration responseTimeout) {

    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.:\\[\\]-]{1,253}$");
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");

    AmiSettings {
        CallValidation.requireContext(context);
        // the parameters, not configured(): fields are assigned only after this compact constructor's body
        if (host != null && !host.isBlank()) {
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("DIDPOOL_AMI_HOST: not a host name or address");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("DIDPOOL_AMI_PORT: must be 1-65535");
            }
            if (username == null || !USERNAME.matcher(username).matches()) {
                throw new IllegalArgumentException(
                        "DIDPOOL_AMI_USERNAME: required with DIDPOOL_AMI_HOST, letters, digits, '.', '_', '@', '-'");
            }
            if (password == null || password.isEmpty() || password.contains("\r") || password.contains("\n")) {
                throw new IllegalArgumentException(
                        "DIDPOOL_AMI_PASSWORD: required with DIDPOOL_AMI_HOST, on one line");
            }
        }
    }

    boolean configured() {
        return host != null && !host.isBlank();
    }

    String address() {
        return host + ":" + port;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "AmiSettings[" + (configured() ? address() + " as " + username : "not configured") + ", context="
                + context + "]";
    }
}
