package io.didpool.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a client command talks to the running service: {@code DIDPOOL_URL} (default {@code http://localhost:8080})
 * with the tenant key of {@code DIDPOOL_API_KEY}. Plain {@code java.net.http}, so that a command starts in a blink
 * with no Spring. Every failure becomes a {@link CliFailure} saying in one line what went wrong: no key, service
 * down, or the {@code detail} of the problem the service answered.
 */
public final class ServiceClient {

    public static final String DEFAULT_URL = "http://localhost:8080";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    private ServiceClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The client that {@code env} (normally {@link System#getenv()}) describes. */
    public static ServiceClient fromEnvironment(Map<String, String> env) {
        String apiKey = env.get("DIDPOOL_API_KEY");
        if (apiKey == null || apiKey.isBlank()) {
            throw new CliFailure("DIDPOOL_API_KEY is not set: export the tenant's API key "
                    + "(the apiKey shown when the tenant was created)");
        }
        String url = env.get("DIDPOOL_URL");
        url = url == null || url.isBlank() ? DEFAULT_URL : url.strip().replaceAll("/+$", "");
        URI base;
        try {
            base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("DIDPOOL_URL is not a URL: " + url);
        }
        if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
            throw new CliFailure("DIDPOOL_URL must be an http(s) URL such as " + DEFAULT_URL + ", not " + url);
        }
        return new ServiceClient(base, apiKey.strip());
    }

    /** POSTs {@code body} as JSON and answers the JSON of a 2xx answer; waits at most {@code timeout}. */
    public JsonNode post(String path, Object body, Duration timeout) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body))),
                timeout);
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout) {
        HttpResponse<String> response;
        try {
            response = http.send(request
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Accept", "application/json, application/problem+json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CliFailure("didpool at " + base + " did not answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new CliFailure("cannot reach didpool at " + base + ": is `bin/didpool serve` running? "
                    + "(set DIDPOOL_URL when it runs elsewhere)");
        } catch (IOException e) {
            throw new CliFailure("cannot talk to didpool at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 == 2) {
            return json;
        }
        if (json != null && json.hasNonNull("detail")) {
            throw new CliFailure(json.get("detail").asString() + " (HTTP " + response.statusCode() + ")");
        }
        throw new CliFailure("didpool at " + base + " answered HTTP " + response.statusCode());
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}
