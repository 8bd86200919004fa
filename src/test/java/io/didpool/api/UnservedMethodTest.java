package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A method the API does not serve on a path (TRACE, which Tomcat used to refuse itself, or one no HTTP client knows)
 * answers 405 as a problem detail with the path's own Allow, like every other error; TRACE never echoes the request.
 * Sent on a socket of its own, exactly as written: HTTP clients refuse or rewrite some of these methods.
 */
class UnservedMethodTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TRACE   | /api/asterisk-dids     | GET, POST",
            "TRACE   | /api/asterisk-dids/usage/reset | POST",
            "FOO     | /api/asterisk-dids     | GET, POST",
            "PROPFIND | /api/asterisk-dids/usage/histogram | GET",
            "TRACE   | /api/admin/tenants     | GET, POST"})
    void anApiPathAnswersAMethodItDoesNotServeWith405ProblemDetail(String method, String path, String allowed)
            throws IOException {
        ApiClient tenant = newTenant();
        String token = path.startsWith("/api/admin/") ? ADMIN_TOKEN : tenant.token();

        Answer answer = send(method, path, token);

        assertProblem405(answer, method);
        assertThat(allowed(answer)).containsExactlyInAnyOrder(allowed.split(", "));
        assertThat(answer.body()).doesNotContain(token);
    }

    @ParameterizedTest
    @CsvSource({"TRACE, /", "TRACE, /dids", "TRACE, /actuator/health", "FOO, /dids"})
    void aPageOrProbeAnswersAMethodItDoesNotServeWith405ProblemDetail(String method, String path) throws IOException {
        Answer answer = send(method, path, null);

        assertProblem405(answer, method);
        assertThat(allowed(answer)).isNotEmpty().doesNotContain("TRACE", method);
        assertThat(answer.body()).doesNotContain("X-Probe");
    }

    @Test
    void anUnknownPathAnswersATraceWithTheProblemOfAnyUnknownPath() throws IOException {
        Answer answer = send("TRACE", "/no-such-page", null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("X-Probe");
    }

    private static void assertProblem405(Answer answer, String method) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(405);
        assertThat(problem.get("title").asString()).isEqualTo("Method Not Allowed");
        assertThat(problem.get("detail").asString()).contains(method);
        assertThat(answer.body()).doesNotContain("\"timestamp\"", "\"error\"");
    }

    private static java.util.List<String> allowed(Answer answer) {
        String allow = answer.headers().get("allow");
        return allow == null ? java.util.List.of() : Arrays.stream(allow.split(",")).map(String::strip).toList();
    }

    /** One request on a connection of its own; a header the body must never repeat (as an echoing TRACE would). */
    private Answer send(String method, String path, String token) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Probe: echo-me\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return Answer.parse(readAll(socket.getInputStream()));
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private record Answer(int status, Map<String, String> headers, String body) {

        /** Status, headers (lower-case names) and body, the chunked framing of the body taken off. */
        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
            String body = raw.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunked(body);
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }

        private static String unchunked(String body) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, lineEnd).strip(), 16);
                if (size == 0) {
                    return out.toString();
                }
                out.append(body, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }
    }
}
