package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's Twilio import form in a real browser. It needs the import API
 * ({@code POST /api/asterisk-dids/import/twilio}): on a build without it (Spring answers that no handler exists)
 * these tests skip themselves, saying so.
 */
class ImportConsoleBrowserTest extends BrowserTest {

    private ApiClient tenant;

    @BeforeEach
    void tenantOfABuildWithTheImport() {
        tenant = newTenant();
        ApiClient.Response probe = tenant.post("/api/asterisk-dids/import/twilio", Map.of("dryRun", true));
        Assumptions.assumeFalse(probe.status() == 405 || probe.body().contains("No static resource"),
                "import browser tests skipped: POST /api/asterisk-dids/import/twilio is not in this build");
    }

    @Test
    void saysInWordsWhyAnImportWithoutTwilioCredentialsCannotRun() {
        signIn(tenant);
        find(By.cssSelector("#import-card summary")).click();
        find(By.id("import-button")).click();

        waitUntil(ExpectedConditions.attributeContains(By.id("message"), "class", "error"));
        String message = find(By.id("message")).getText();
        assertThat(message).isNotBlank().doesNotContain("\"detail\"", "\"status\"", "Exception");
        assertThat(browser.findElement(By.id("import-result")).isDisplayed()).isFalse();
    }
}
