package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's pages and scripts may only run didpool's own scripts and may not be framed; no answer may be sniffed.
 * (The browser tests prove the console works under this policy.)
 */
class SecurityHeadersTest extends IntegrationTest {

    @Test
    void servesTheConsoleWithAContentSecurityPolicyThatAllowsNoInlineScriptAndNoFraming() {
        for (String path : List.of("/", "/dids", "/segments", "/journeys", "/campaigns", "/trunks", "/audit",
                "/suppression", "/console/console.js", "/console/console.css", "/no-such-page")) {
            ApiClient.Response response = api().get(path);
            String policy = response.header("Content-Security-Policy");
            assertThat(policy).as(path).contains("script-src 'self';", "frame-ancestors 'none'",
                    "object-src 'none'", "default-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    @Test
    void theConsolesPagesHoldNoInlineScriptOrStyleOrEventHandler() {
        for (String path : List.of("/", "/dids", "/segments", "/journeys", "/campaigns", "/trunks", "/audit",
                "/suppression")) {
            String page = api().get(path).expect(200).body();
            assertThat(page).as(path).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
                    .doesNotContainPattern("\\son[a-z]+\\s*=").doesNotContain("style=", "<style", "javascript:");
        }
    }

    @Test
    void noApiAnswerIsSniffed() {
        assertThat(newTenant().get("/api/asterisk-dids").expect(200).header("X-Content-Type-Options"))
                .isEqualTo("nosniff");
        assertThat(api().get("/api/asterisk-dids").header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
