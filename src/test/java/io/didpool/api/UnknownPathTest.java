package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class UnknownPathTest extends IntegrationTest {

    @Test
    void answersUnknownApiPathWithProblemDetail() {
        var response = newTenant().get("/api/no-such-thing");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void showsABrowserAPageForAMistypedConsoleAddress() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/nope"))
                        .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Page not found", "href=\"/dids\"").doesNotContain("\"status\"");
    }
}
