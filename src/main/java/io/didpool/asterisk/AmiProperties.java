package io.didpool.asterisk;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the Asterisk Manager Interface is ({@code didpool.ami.*}: {@code DIDPOOL_AMI_HOST}, {@code DIDPOOL_AMI_PORT},
 * {@code DIDPOOL_AMI_USERNAME}, {@code DIDPOOL_AMI_PASSWORD}). A blank host means no AMI: the dry-run dialer. Checked
 * when bound, so that nothing that could add a line to the Login action gets that far; messages name the variable,
 * never the value.
 *
 * @param responseTimeout how long an action's response may take, and the AMI socket's read timeout
 */
@ConfigurationProperties("didpool.ami")
record AmiProperties(
        @DefaultValue("") String host,
        @DefaultValue("5038") int port,
        String username,
        String password,
        @DefaultValue("5s") Duration responseTimeout) {

    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.:\\[\\]-]{1,253}$");
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");

    AmiProperties {
        host = host == null ? "" : host.strip();
        // the parameters, not configured(): fields are assigned only after this compact constructor's body
        if (!host.isEmpty()) {
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
        if (responseTimeout == null || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("didpool.ami.response-timeout: must be positive");
        }
    }

    boolean configured() {
        return !host.isEmpty();
    }

    String address() {
        return host + ":" + port;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "AmiProperties[" + (configured() ? address() + " as " + username : "not configured") + "]";
    }
}
