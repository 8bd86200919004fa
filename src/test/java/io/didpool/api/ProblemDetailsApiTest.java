package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Problem details that Spring answers before any controller of didpool runs. */
class ProblemDetailsApiTest extends IntegrationTest {

    @Test
    void anUnknownPathIsA404ProblemNamingMethodAndPath() {
        ApiClient.Response response = newTenant().get("/api/no-such-thing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isEqualTo("no such path: GET /api/no-such-thing");
    }

    @Test
    void aUrlTomcatCannotDecodeIsA400ProblemNotAnHtmlPage() throws Exception {
        String key = newTenant().token();
        for (String target : new String[] {"/api/asterisk-dids/%zz", "/api/asterisk-dids/%2F"}) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("\"status\":400").doesNotContain("<html", "Tomcat");
        }
    }

    @Test
    void aQueryStringWithABadEscapeIsA400Problem() throws Exception {
        String answer = raw("GET /api/asterisk-dids?segment=a%zz HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + newTenant().token() + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                .contains("the query string is malformed").doesNotContain("InvalidParameterException");
    }

    /** Sends bytes as they are: HTTP clients refuse to send the malformed URLs these tests are about. */
    private String raw(String request) throws Exception {
        URI base = URI.create(api().baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void validJsonThatIsNotAnObjectIsSaidToBeSo() {
        ApiClient tenant = newTenant();
        for (String body : new String[] {"[]", "\"x\"", "5"}) {
            ApiClient.Response response = tenant.post("/api/asterisk-dids", body);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("detail").asString()).isEqualTo("the request body must be a JSON object");
        }
        assertThat(tenant.post("/api/asterisk-dids", "{\"number\":").json().get("detail").asString())
                .isEqualTo("the request body is not valid JSON");
    }
}
