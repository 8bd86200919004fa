package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What changes, in words, and taking it back: a CSV dry run shows per field how many DIDs change and the first of them
 * before and after; the audit trail reads as sentences; a bulk change is undone from it after a dry run.
 */
class AuditConsoleBrowserTest extends BrowserTest {

    @Test
    void aCsvDryRunShowsWhatChangesThenABulkChangeIsUndoneFromTheAuditPageAfterADryRun() throws IOException {
        ApiClient tenant = newTenant();
        tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv", """
                number,segment
                +12125550100,ny-metro
                +12125550101,ny-metro
                +12125550102,ny-metro
                +14155550100,ny-metro
                """).expect(200);
        signIn(tenant);
        Path csv = Files.createTempDirectory("didpool-csv").resolve("changes.csv");
        Files.writeString(csv, "number,segment,status\n+12125550100,ny-metro,inactive\n+14155550100,sf,\n");

        find(By.cssSelector("#csv-card summary")).click();
        find(By.id("csv-file")).sendKeys(csv.toString());
        browser.findElement(By.id("csv-check")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("csv-import")));
        assertThat(find(By.id("csv-changes-segment")).getText()).isEqualTo("1");
        assertThat(find(By.id("csv-changes-status")).getText()).isEqualTo("1");
        assertThat(find(By.id("csv-changes-trunk")).getText()).isEqualTo("0");
        assertThat(texts("#csv-sample tbody tr")).containsExactly("+12125550100 status: active status: inactive",
                "+14155550100 segment: ny-metro segment: sf");
        assertThat(did(tenant, "+14155550100").get("segment").asString()).as("a dry run").isEqualTo("ny-metro");
        screenshot("dids-csv-changes");
        find(By.id("csv-import")).click();
        messageContaining("CSV import");

        tenant.post("/api/asterisk-dids/bulk", Map.of("filter", Map.of("q", "(212)"),
                "set", Map.of("segment", "manhattan"))).expect(200);
        tenant.put("/api/asterisk-dids/" + did(tenant, "+12125550102").get("id").asString(),
                Map.of("segment", "brooklyn")).expect(200);
        open("/audit");
        find(By.cssSelector("#audit-table tr[data-action='bulk-update']"));
        assertThat(sentence("bulk-update")).isEqualTo("moved 3 DIDs from ny-metro to manhattan, filter q=(212)");
        assertThat(sentence("update")).isEqualTo("changed segment of +12125550102 from manhattan to brooklyn");
        assertThat(texts("#audit-table tr[data-action='csv-import'] .sentence")).containsExactly(
                "imported a CSV file of 2 rows: 0 created, 2 updated, 0 failed (changed segment of 1, status of 1)",
                "imported a CSV file of 4 rows: 4 created, 0 updated, 0 failed");
        WebElement bulk = find(By.cssSelector("#audit-table tr[data-action='bulk-update']"));
        bulk.findElement(By.cssSelector("details.raw summary")).click();
        assertThat(bulk.findElement(By.cssSelector("details.raw pre")).getText()).contains("\"set\"", "\"manhattan\"");
        String entry = bulk.getDomAttribute("data-entry");

        bulk.findElement(By.cssSelector("button.undo")).click();
        assertThat(find(By.id("confirm-text")).getText()).isEqualTo("Undo entry #" + entry + " (moved 3 DIDs from"
                + " ny-metro to manhattan, filter q=(212)): 2 DIDs will get their previous values back. 1 DID changed"
                + " since and will be left as it is.");
        assertThat(texts("#undo-skipped-table tbody tr")).containsExactly("+12125550102 segment changed since: it is"
                + " brooklyn, the change set manhattan");
        assertThat(did(tenant, "+12125550100").get("segment").asString()).as("the undo's dry run")
                .isEqualTo("manhattan");
        screenshot("audit-undo");
        browser.findElement(By.id("confirm-ok")).click();

        assertThat(messageContaining("Undone")).isEqualTo("Undone: 2 DIDs restored, 1 skipped (changed since).");
        assertThat(did(tenant, "+12125550100").get("segment").asString()).isEqualTo("ny-metro");
        assertThat(did(tenant, "+12125550101").get("segment").asString()).isEqualTo("ny-metro");
        assertThat(did(tenant, "+12125550102").get("segment").asString()).isEqualTo("brooklyn");
        assertThat(textContaining(By.cssSelector("#audit-table tbody tr:first-child .sentence"), "undid"))
                .isEqualTo("undid entry #" + entry + " (bulk-update): restored 2 of 3 DIDs, skipped 1 changed since");
        WebElement undone = find(By.cssSelector("#audit-table tr[data-entry='" + entry + "']"));
        assertThat(undone.findElements(By.cssSelector("button.undo"))).isEmpty();
        assertThat(undone.findElement(By.className("undone")).getText()).startsWith("undone by entry #");
    }

    private String sentence(String action) {
        return find(By.cssSelector("#audit-table tr[data-action='" + action + "'] .sentence")).getText();
    }

    private List<String> texts(String css) {
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static tools.jackson.databind.JsonNode did(ApiClient tenant, String number) {
        return tenant.get("/api/asterisk-dids?q=" + number.substring(1)).expect(200).json().get("items").get(0);
    }
}
