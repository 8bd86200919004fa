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
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The DIDs page at scale in a real browser: search, sort and filters kept in the URL; "select all N matching" and a
 * bulk change confirmed after a dry run; CSV upload (dry run, then import) and export; a read-only key's refusal.
 */
class InventoryConsoleBrowserTest extends BrowserTest {

    @Test
    void searchesByNumberOrNameSortsAndKeepsTheFiltersInTheUrl() {
        ApiClient tenant = newTenant();
        for (int i = 1; i <= 5; i++) {
            createDid(tenant, "+1415555010" + i, "north", "active");
        }
        tenant.post("/api/asterisk-dids", Map.of("number", "+12125550101", "segment", "south",
                "friendlyName", "New York desk")).expect(201);
        allocate(tenant, "+14155550103", 2);
        allocate(tenant, "+14155550104", 1);
        signIn(tenant);

        type(By.id("filter-q"), "212");
        browser.findElement(By.id("apply-filters")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–1 of 1"));
        assertThat(tableNumbers()).containsExactly("+12125550101");
        assertThat(browser.getCurrentUrl()).endsWith("/dids?q=212");

        type(By.id("filter-q"), "york");
        browser.findElement(By.id("apply-filters")).click();
        waitUntil(ExpectedConditions.urlContains("q=york"));
        assertThat(tableNumbers()).containsExactly("+12125550101");

        find(By.id("filter-q")).clear();
        find(By.id("filter-never-used")).click();
        browser.findElement(By.id("apply-filters")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–4 of 4"));
        assertThat(tableNumbers()).containsExactly("+12125550101", "+14155550101", "+14155550102", "+14155550105");

        find(By.id("filter-never-used")).click();
        new Select(find(By.id("sort"))).selectByValue("usageCount,desc");
        browser.findElement(By.id("apply-filters")).click();
        waitUntil(ExpectedConditions.urlContains("sort=usageCount%2Cdesc"));
        assertThat(tableNumbers()).startsWith("+14155550103", "+14155550104");

        // a link to some DIDs (as the Segments page's cards are) opens the page with those filters
        open("/dids?segment=north&q=0105");
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–1 of 1"));
        assertThat(tableNumbers()).containsExactly("+14155550105");
        assertThat(new Select(find(By.id("filter-segment"))).getFirstSelectedOption().getText()).isEqualTo("north");
        assertThat(find(By.id("filter-q")).getAttribute("value")).isEqualTo("0105");
    }

    @Test
    void selectsEveryDidMatchingTheFiltersAndMovesThemAfterAConfirmationThatSaysWhatWillHappen() {
        ApiClient tenant = newTenant();
        for (int i = 0; i < 30; i++) {
            String number = "+141555520" + String.format("%02d", i);
            tenant.post("/api/asterisk-dids", Map.of("number", number, "segment", i < 2 ? "east-team" : "pool",
                    "friendlyName", (i < 14 ? "east desk " : "west desk ") + i)).expect(201);
        }
        signIn(tenant);
        new Select(find(By.id("page-size"))).selectByValue("10");
        type(By.id("filter-q"), "east");
        browser.findElement(By.id("apply-filters")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–10 of 14"));

        find(By.id("select-matching")).click();
        assertThat(find(By.id("selected-count")).getText())
                .isEqualTo("All 14 DIDs matching search “east” are selected");
        type(By.id("move-segment"), "east-team");
        browser.findElement(By.id("move-button")).click();
        assertThat(find(By.id("confirm-text")).getText()).isEqualTo("14 DIDs match search “east”. 12 DIDs will move "
                + "to segment east-team. 2 are in segment east-team already.");
        assertThat(find(By.id("confirm-ok")).getText()).isEqualTo("Move 12 DIDs");
        browser.findElement(By.id("confirm-cancel")).click();
        assertThat(resultOf("move-result")).isEqualTo("Nothing changed.");
        assertThat(tenant.get("/api/asterisk-dids?segment=east-team").expect(200).json().get("total").asInt())
                .as("the dry run changed nothing").isEqualTo(2);

        browser.findElement(By.id("move-button")).click();
        find(By.id("confirm-ok"));
        screenshot("dids");
        browser.findElement(By.id("confirm-ok")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("move-result"), "Moved 12 DIDs to segment east-team. "
                + "2 are in segment east-team already."));
        JsonNode moved = tenant.get("/api/asterisk-dids?segment=east-team&size=100").expect(200).json();
        assertThat(moved.get("total").asInt()).isEqualTo(14);
        assertThat(moved.get("items").findValuesAsString("friendlyName")).allMatch(name -> name.startsWith("east"));
        assertThat(tenant.get("/api/asterisk-dids?segment=pool").expect(200).json().get("total").asInt())
                .isEqualTo(16);
        assertThat(find(By.id("selected-count")).getText()).isEqualTo("0 selected");

        // a selection picked by hand goes in one request too, and only it changes
        waitForIdle();
        rowOf("+14155552003").findElement(By.cssSelector("input.select-did")).click();
        new Select(find(By.id("bulk-status"))).selectByValue("quarantined");
        browser.findElement(By.id("status-button")).click();
        assertThat(resultOf("status-result")).isEqualTo("Set 1 DID to quarantined.");
        assertThat(tenant.get("/api/asterisk-dids?status=quarantined").expect(200).json().get("items")
                .findValuesAsString("number")).containsExactly("+14155552003");
    }

    @Test
    void uploadsACsvFileShowsWhatADryRunWouldDoThenImportsIt() throws IOException {
        ApiClient tenant = newTenant();
        createDid(tenant, "+14155553001", "a", "active");
        createDid(tenant, "+14155553002", "a", "active");
        signIn(tenant);
        Path csv = Files.createTempDirectory("didpool-csv").resolve("numbers.csv");
        Files.writeString(csv, String.join("\r\n", "number,segment,status,friendlyName",
                "+14155553001,b,,\"updated, by CSV\"",
                "+14155553002,a,,line 3002",
                "+14155553003,b,inactive,new one",
                "+14155553004,,,",
                "not-a-number,b,,",
                "+14155553005,b,bogus,") + "\r\n");

        find(By.cssSelector("#csv-card summary")).click();
        find(By.id("csv-file")).sendKeys(csv.toString());
        browser.findElement(By.id("csv-check")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("csv-import")));
        assertThat(figure("csv-fetched")).isEqualTo("6");
        assertThat(figure("csv-created")).isEqualTo("2");
        assertThat(figure("csv-updated")).isEqualTo("1");
        assertThat(figure("csv-unchanged")).isEqualTo("1");
        assertThat(figure("csv-failed")).isEqualTo("2");
        List<String> errors = browser.findElements(By.cssSelector("#csv-errors tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).contains("not-a-number", "row 6");
        assertThat(errors.get(1)).contains("+14155553005", "row 7", "status");
        assertThat(find(By.cssSelector("#csv-result h2")).getText()).contains("nothing was changed");
        assertThat(tenant.get("/api/asterisk-dids").expect(200).json().get("total").asInt())
                .as("a dry run writes nothing").isEqualTo(2);
        screenshot("dids-csv");

        find(By.id("csv-import")).click();
        assertThat(messageContaining("CSV import")).isEqualTo(
                "CSV import: 2 created, 1 updated, 1 unchanged, 2 failed.");
        assertThat(find(By.cssSelector("#csv-result h2")).getText()).isEqualTo("Imported numbers.csv");
        JsonNode updated = didNumbered(tenant, "+14155553001");
        assertThat(updated.get("segment").asString()).isEqualTo("b");
        assertThat(updated.get("friendlyName").asString()).isEqualTo("updated, by CSV");
        assertThat(didNumbered(tenant, "+14155553003").get("status").asString()).isEqualTo("inactive");
        assertThat(didNumbered(tenant, "+14155553004").get("segment").isNull()).isTrue();
        assertThat(tenant.get("/api/asterisk-dids").expect(200).json().get("total").asInt()).isEqualTo(4);
        waitForIdle();
        rowOf("+14155553003");
    }

    @Test
    void exportsTheDidsTheFiltersMatchAsACsvFile() throws IOException {
        ApiClient tenant = newTenant();
        createDid(tenant, "+14155554001", "exported", "active");
        createDid(tenant, "+14155554002", "exported", "inactive");
        createDid(tenant, "+14155554003", "kept-out", "active");
        signIn(tenant);
        open("/dids?segment=exported");
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–2 of 2"));

        find(By.id("export-button")).click();
        assertThat(messageContaining("Exported")).isEqualTo("Exported the 2 DIDs matching segment exported to "
                + "dids-exported.csv.");
        Path file = downloads.resolve("dids-exported.csv");
        waitUntil(d -> Files.exists(file));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("number,segment,trunk,status,friendlyName,usageCount,lastUsedAt");
        assertThat(lines.get(1)).startsWith("+14155554001,exported,TWILIO,active,line 4001,0,");
        assertThat(lines.get(2)).startsWith("+14155554002,exported,TWILIO,inactive,line 4002,0,");
    }

    @Test
    void aReadOnlyKeyIsToldInWordsThatItMayNotChangeAnything() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        JsonNode created = admin.post("/api/admin/tenants", Map.of("name", "read-only-" + System.nanoTime()))
                .expect(201).json();
        ApiClient writer = api().withToken(created.get("apiKey").asString());
        createDid(writer, "+14155555001", "main", "active");
        String readOnlyKey = admin.post("/api/admin/tenants/" + created.get("id").asString() + "/keys",
                Map.of("name", "dashboard", "readOnly", true)).expect(201).json().get("apiKey").asString();
        signIn(api().withToken(readOnlyKey));

        rowOf("+14155555001").findElement(By.cssSelector("input.select-did")).click();
        type(By.id("move-segment"), "elsewhere");
        browser.findElement(By.id("move-button")).click();
        assertThat(resultOf("move-result")).isEqualTo("Not changed: this API key is read-only, it may look but not "
                + "change anything. Sign in with a key that may write to do this.");
        assertThat(didNumbered(writer, "+14155555001").get("segment").asString()).isEqualTo("main");
    }


    private String figure(String id) {
        return find(By.id(id)).getText();
    }


    private static JsonNode didNumbered(ApiClient tenant, String number) {
        return tenant.get("/api/asterisk-dids?q=" + number.substring(1)).expect(200).json().get("items").get(0);
    }

    private static void allocate(ApiClient tenant, String number, int times) {
        String id = didNumbered(tenant, number).get("id").asString();
        for (int i = 0; i < times; i++) {
            tenant.post("/api/asterisk-dids/allocate", Map.of("didId", id)).expect(200);
        }
    }
}
