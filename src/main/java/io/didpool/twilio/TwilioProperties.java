package io.didpool.twilio;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How didpool talks to Twilio. {@code baseUrl} ({@code DIDPOOL_TWILIO_BASE_URL}) replaces scheme, host and port of
 * every SDK request, for simulators and regional edges. Every call is bounded by {@code timeout}; a 429, a 5xx or a
 * connection failure is tried again up to {@code maxAttempts} times in all, waiting as Twilio's Retry-After says or
 * doubling from {@code retryBaseDelay}, never longer than {@code retryMaxDelay} per wait.
 */
@ConfigurationProperties("didpool.twilio")
record TwilioProperties(
        @DefaultValue("https://api.twilio.com") URI baseUrl,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("500ms") Duration retryBaseDelay,
        @DefaultValue("20s") Duration retryMaxDelay,
        @DefaultValue("1000") int pageSize) {

    TwilioProperties {
        if (baseUrl.getScheme() == null || baseUrl.getHost() == null
                || !(baseUrl.getScheme().equals("https") || baseUrl.getScheme().equals("http"))) {
            throw new TwilioConfigurationException("DIDPOOL_TWILIO_BASE_URL must be an http(s) URL such as "
                    + "https://api.twilio.com, not " + baseUrl);
        }
        if (maxAttempts < 1 || pageSize < 1 || pageSize > 1000) {
            throw new TwilioConfigurationException("didpool.twilio.max-attempts must be at least 1 and "
                    + "didpool.twilio.page-size between 1 and 1000 (Twilio's maximum)");
        }
    }
}
