package io.didpool.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client of the running application, authenticated with one bearer token. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;
    private final Duration timeout;

    public ApiClient(String baseUrl) {
        this(baseUrl, null, Duration.ofSeconds(60));
    }

    private ApiClient(String baseUrl, String token, Duration timeout) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.timeout = timeout;
    }

    /**
     * A client of an instance a test started itself (not {@link IntegrationTest}'s), carrying the admin token, as
     * every instance of the tests is started with it.
     */
    public static ApiClient admin(ApplicationContext instance) {
        return new ApiClient("http://localhost:" + instance.getEnvironment().getProperty("local.server.port"))
                .asAdmin();
    }

    public ApiClient withToken(String token) {
        return new ApiClient(baseUrl, token, timeout);
    }

    /** The same client with the admin token of the tests' instances. */
    public ApiClient asAdmin() {
        return withToken(IntegrationTest.ADMIN_TOKEN);
    }

    /** The same client of a service at another address (the same service started again elsewhere). */
    public ApiClient withBaseUrl(String baseUrl) {
        return new ApiClient(baseUrl, token, timeout);
    }

    /** A client that gives up (with {@link java.net.http.HttpTimeoutException}) when an answer takes longer. */
    public ApiClient withTimeout(Duration timeout) {
        return new ApiClient(baseUrl, token, timeout);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String token() {
        return token;
    }

    /**
     * Creates a tenant with the admin token; the returned client carries the tenant's new API key. Tenant names are
     * unique, so the name gets a suffix of its own.
     */
    public ApiClient newTenant(String name) {
        Response created = asAdmin().post("/api/admin/tenants",
                Map.of("name", name + "-" + UUID.randomUUID()));
        created.expect(201);
        return withToken(created.json().get("apiKey").asString());
    }

    /** Creates a DID of this client's tenant (segment may be null) and returns it as JSON. */
    public JsonNode createDid(String number, String segment) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("number", number);
        body.put("segment", segment);
        return post("/api/asterisk-dids", body).expect(201).json();
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends {@code body} as is when it is a String (malformed JSON included), else as JSON. */
    public Response send(String method, String path, Object body) {
        return send(method, path, "application/json", body == null ? null
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
    }

    /** Sends the publisher's bytes as a JSON body (chunked when the publisher does not know its length). */
    public Response send(String method, String path, HttpRequest.BodyPublisher body) {
        return send(method, path, "application/json", body);
    }

    /** Sends {@code body} as it is with {@code contentType} (a CSV file, say); no body when it is null. */
    public Response send(String method, String path, String contentType, String body) {
        return send(method, path, contentType, body == null ? null : HttpRequest.BodyPublishers.ofString(body));
    }

    /** Sends the publisher's bytes as {@code contentType} (chunked when the publisher does not know its length). */
    public Response send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {

        /** The first value of the header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** Fails with the whole answer when the status differs, so that a failing test says why. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }
}
