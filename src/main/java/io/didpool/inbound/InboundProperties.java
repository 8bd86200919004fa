package io.didpool.inbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The FastAGI listener ({@code didpool.agi.bind}: {@code DIDPOOL_AGI_BIND}, {@code HOST:PORT}, loopback by default;
 * {@code off} for none; port 0 takes a free port, for tests) and how long a decision may take before didpool answers
 * nothing and the dialplan's fallback route takes the call ({@code didpool.agi.decision-timeout}).
 */
@ConfigurationProperties("didpool.agi")
record InboundProperties(@DefaultValue("127.0.0.1:4573") String bind,
        @DefaultValue("500ms") Duration decisionTimeout) {

    InboundProperties {
        bind = bind == null ? "" : bind.strip();
        if (!bind.equalsIgnoreCase("off")) {
            int colon = bind.lastIndexOf(':');
            String port = colon < 0 ? "" : bind.substring(colon + 1);
            if (colon < 1 || !port.matches("^[0-9]{1,5}$") || Integer.parseInt(port) > 65535
                    || !bind.substring(0, colon).matches("^[A-Za-z0-9.\\-]{1,253}$")) {
                throw new IllegalArgumentException("DIDPOOL_AGI_BIND: must be HOST:PORT (e.g. 127.0.0.1:4573) or off,"
                        + " not " + bind);
            }
        }
        if (decisionTimeout == null || decisionTimeout.isNegative() || decisionTimeout.isZero()) {
            throw new IllegalArgumentException("didpool.agi.decision-timeout: must be positive");
        }
    }

    boolean enabled() {
        return !bind.equalsIgnoreCase("off");
    }

    String host() {
        return bind.substring(0, bind.lastIndexOf(':'));
    }

    int port() {
        return Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1));
    }
}
