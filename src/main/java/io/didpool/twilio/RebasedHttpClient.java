package io.didpool.twilio;

import com.twilio.exception.ApiException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's own HTTP client, with two changes. Every request goes to {@code DIDPOOL_TWILIO_BASE_URL} instead of the
 * host the SDK wrote (the SDK builds absolute {@code https://api.twilio.com/...} URLs, next pages included, and has
 * no base-URL setting of its own; see {@link #authority} for the products other than the API's). And retries are ours:
 * a request answered 429 or 5xx, or that could not connect, is tried again with bounded, jittered backoff that
 * honours Retry-After, instead of the SDK's three fixed 100 ms retries of 5xx only. One instance per client: it remembers the last status for error messages.
 */
final class RebasedHttpClient extends NetworkHttpClient {

    private static final Logger log = LoggerFactory.getLogger(RebasedHttpClient.class);

    private final URI base;
    private final TwilioProperties properties;
    private volatile int lastStatus;

    RebasedHttpClient(HttpClientBuilder builder, TwilioProperties properties) {
        super(builder);
        this.base = properties.baseUrl();
        this.properties = properties;
    }

    /** The status of the last answer, 0 when the last attempt got none (connection refused, timed out). */
    int lastStatus() {
        return lastStatus;
    }

    @Override
    public Response makeRequest(Request request) {
        return super.makeRequest(rebase(request));
    }

    @Override
    public Response reliableRequest(Request request) {
        // Every request didpool sends is safe to send again: reads, buying a number named in the request (Twilio
        // sells a number once; a repeat of a purchase that went through is refused, and the buyer then finds the
        // number on its account), associating a number with a trunk, and deletes.
        int maxAttempts = properties.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            Response response;
            try {
                lastStatus = 0;
                response = makeRequest(request);
            } catch (ApiException e) {
                // the SDK wraps the IOException of a refused, reset or timed-out connection in an ApiException
                if (attempt >= maxAttempts) {
                    throw e;
                }
                Duration wait = backoff(attempt);
                log.warn("Twilio request failed ({}); attempt {} of {}, next in {} ms",
                        e.getMessage(), attempt, maxAttempts, wait.toMillis());
                pause(wait);
                continue;
            }
            lastStatus = response.getStatusCode();
            if (!retryable(lastStatus) || attempt >= maxAttempts) {
                return response;
            }
            int failedAttempt = attempt;
            Duration wait = retryAfter(response).orElseGet(() -> backoff(failedAttempt));
            log.warn("Twilio answered HTTP {}; attempt {} of {}, next in {} ms",
                    lastStatus, attempt, maxAttempts, wait.toMillis());
            pause(wait);
        }
    }

    private static boolean retryable(int status) {
        return status == 429 || (status >= 500 && status <= 599);
    }

    private Duration backoff(int attempt) {
        long base = properties.retryBaseDelay().toMillis() << Math.min(attempt - 1, 20);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return cap(Duration.ofMillis(jittered));
    }

    /** Retry-After in seconds or as an HTTP date, capped so that no answer can make an import wait unboundedly. */
    private Optional<Duration> retryAfter(Response response) {
        Header[] headers = response.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Header header : headers) {
            if (!header.getName().equalsIgnoreCase("Retry-After") || header.getValue() == null) {
                continue;
            }
            String value = header.getValue().strip();
            try {
                return Optional.of(cap(Duration.ofSeconds(Math.max(0, Long.parseLong(value)))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(ZonedDateTime.now(),
                            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                    return Optional.of(cap(until.isNegative() ? Duration.ZERO : until));
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Duration cap(Duration wait) {
        return wait.compareTo(properties.retryMaxDelay()) > 0 ? properties.retryMaxDelay() : wait;
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted while waiting to try Twilio again", e);
        }
    }

    /**
     * The host a request of the SDK goes to. The SDK writes each product's own host (api, trunking, pricing
     * .twilio.com). A base on Twilio's API host (the default https://api.twilio.com, or a regional edge such as
     * api.dublin.ie1.twilio.com) keeps the product: trunking.twilio.com becomes trunking.dublin.ie1.twilio.com. Any
     * other base (a simulator) takes every request, whatever its product.
     */
    private String authority(URI sdk) {
        String baseHost = base.getHost();
        String sdkHost = sdk.getHost();
        if (baseHost.startsWith("api.") && baseHost.endsWith("twilio.com") && sdkHost != null
                && sdkHost.endsWith(".twilio.com") && !sdkHost.startsWith("api.")) {
            String product = sdkHost.substring(0, sdkHost.indexOf('.'));
            return product + baseHost.substring("api".length()) + (base.getPort() == -1 ? "" : ":" + base.getPort());
        }
        return base.getRawAuthority();
    }

    /** The same request, sent to the configured base instead of the SDK's host. */
    Request rebase(Request original) {
        URI sdk = URI.create(original.getUrl());
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String url = base.getScheme() + "://" + authority(sdk) + basePath + sdk.getRawPath()
                + (sdk.getRawQuery() == null ? "" : "?" + sdk.getRawQuery());
        Request copy = new Request(original.getMethod(), url);
        original.getQueryParams().forEach((name, values) -> values.forEach(v -> copy.addQueryParam(name, v)));
        original.getPostParams().forEach((name, values) -> values.forEach(v -> copy.addPostParam(name, v)));
        original.getHeaderParams().forEach((name, values) -> values.forEach(v -> copy.addHeaderParam(name, v)));
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        }
        if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        copy.setUserAgentExtensions(original.getUserAgentExtensions());
        return copy;
    }
}
