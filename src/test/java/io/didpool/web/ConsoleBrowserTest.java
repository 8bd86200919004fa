package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The console's DIDs and segments pages in a real browser, against the real API. */
class ConsoleBrowserTest extends BrowserTest {

    @Test
    void sendsAVisitorWithoutKeyToSignInAndRefusesAWrongKeyInWords() {
        ApiClient tenant = newTenant();
        createDid(tenant, "+14155550101", "main", "active");

        open("/dids");
        waitUntil(ExpectedConditions.urlContains("/?next=%2Fdids"));
        find(By.id("api-key"));
        screenshot("signin");

        type(By.id("api-key"), "dp_not-a-real-key");
        browser.findElement(By.id("signin-button")).click();
        String refused = messageContaining("Your API key was refused");
        assertThat(refused).contains("unknown or revoked").doesNotContain("{", "\"status\"");
        assertThat(browser.getCurrentUrl()).doesNotEndWith("/dids");

        type(By.id("api-key"), tenant.token());
        browser.findElement(By.id("signin-button")).click();
        waitUntil(ExpectedConditions.urlMatches("/dids$"));
        assertThat(rowOf("+14155550101").getText()).contains("main", "TWILIO", "line 0101");
    }

    @Test
    void filtersTheDidsTableBySegmentStatusAndTrunkAndPagesThroughIt() {
        ApiClient tenant = newTenant();
        for (int i = 10; i < 17; i++) {
            createDid(tenant, "+141555501" + i, "east", "active");
        }
        for (int i = 20; i < 25; i++) {
            createDid(tenant, "+141555501" + i, "west", i < 22 ? "inactive" : "active");
        }
        tenant.put("/api/asterisk-dids/" + idOf(tenant, "+14155550123"), Map.of("trunk", "BACKUP")).expect(200);
        signIn(tenant);

        new Select(find(By.id("page-size"))).selectByVisibleText("10");
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–10 of 12"));
        assertThat(tableNumbers()).first().isEqualTo("+14155550110");
        browser.findElement(By.id("next-page")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "11–12 of 12"));
        assertThat(tableNumbers()).containsExactly("+14155550123", "+14155550124");

        new Select(find(By.id("filter-segment"))).selectByValue("west");
        new Select(find(By.id("filter-status"))).selectByValue("inactive");
        browser.findElement(By.id("apply-filters")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–2 of 2"));
        assertThat(tableNumbers()).containsExactly("+14155550120", "+14155550121");

        new Select(find(By.id("filter-status"))).selectByValue("");
        type(By.id("filter-trunk"), "BACKUP");
        browser.findElement(By.id("apply-filters")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–1 of 1"));
        assertThat(tableNumbers()).containsExactly("+14155550123");
    }

    @Test
    void movesTwoDidsToANewSegmentWhichThenShowsItsCountsAndUsageChart() {
        ApiClient tenant = newTenant();
        for (int i = 1; i <= 4; i++) {
            createDid(tenant, "+1415555020" + i, "old", "active");
        }
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550209", "status", "inactive")).expect(201);
        signIn(tenant);

        rowOf("+14155550202").findElement(By.cssSelector("input.select-did")).click();
        rowOf("+14155550204").findElement(By.cssSelector("input.select-did")).click();
        assertThat(find(By.id("selected-count")).getText()).isEqualTo("2 selected");
        type(By.id("move-segment"), "fresh");
        screenshot("dids");
        browser.findElement(By.id("move-button")).click();
        assertThat(messageContaining("Moved")).isEqualTo("Moved 2 DIDs to segment fresh.");
        waitForIdle();
        assertThat(rowOf("+14155550202").findElement(By.className("segment")).getText()).isEqualTo("fresh");
        assertThat(rowOf("+14155550204").findElement(By.className("segment")).getText()).isEqualTo("fresh");
        assertThat(rowOf("+14155550201").findElement(By.className("segment")).getText()).isEqualTo("old");
        assertThat(tenant.get("/api/asterisk-dids?segment=fresh").json().get("total").asInt()).isEqualTo(2);

        // three calls rotate evenly over the new segment; four calls pinned to one DID make "old" uneven
        for (int i = 0; i < 3; i++) {
            tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "fresh")).expect(200);
        }
        String pinned = idOf(tenant, "+14155550201");
        for (int i = 0; i < 4; i++) {
            tenant.post("/api/asterisk-dids/allocate", Map.of("didId", pinned)).expect(200);
        }

        browser.findElement(By.linkText("Segments")).click();
        WebElement fresh = find(By.cssSelector(".segment-card[data-segment='fresh']"));
        assertThat(stat(fresh, "total-dids")).isEqualTo("2");
        assertThat(stat(fresh, "selectable-dids")).isEqualTo("2");
        assertThat(stat(fresh, "total-usage")).isEqualTo("3");
        assertThat(stat(fresh, "avg-usage")).isEqualTo("1.5");
        assertThat(fresh.findElement(By.tagName("h2")).getText()).contains("rotation even");
        List<WebElement> bars = fresh.findElements(By.cssSelector("svg.usage-chart rect.bar"));
        assertThat(bars).extracting(b -> b.getAttribute("data-number"))
                .containsExactly("+14155550202", "+14155550204");
        assertThat(bars).extracting(b -> b.getAttribute("data-usage")).containsExactlyInAnyOrder("1", "2");

        WebElement old = find(By.cssSelector(".segment-card[data-segment='old']"));
        assertThat(stat(old, "total-dids")).isEqualTo("2");
        assertThat(stat(old, "total-usage")).isEqualTo("4");
        assertThat(old.findElement(By.tagName("h2")).getText()).contains("uneven: counts differ by 4");

        WebElement none = find(By.cssSelector(".segment-card[data-segment='(no segment)']"));
        assertThat(stat(none, "total-dids")).isEqualTo("1");
        assertThat(stat(none, "selectable-dids")).isEqualTo("0");
        screenshot("segments");
    }

    @Test
    void changesTheStatusOfOneDidFromItsRow() {
        ApiClient tenant = newTenant();
        String id = createDid(tenant, "+14155550301", "main", "active");
        createDid(tenant, "+14155550302", "main", "active");
        signIn(tenant);

        new Select(rowOf("+14155550301").findElement(By.className("status-select"))).selectByValue("quarantined");
        assertThat(messageContaining("Status of")).isEqualTo("Status of +14155550301 is now quarantined.");
        assertThat(tenant.get("/api/asterisk-dids/" + id).json().get("status").asString()).isEqualTo("quarantined");
        assertThat(tenant.get("/api/asterisk-dids?status=active").json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void setsTheStatusOfEverySelectedDid() {
        ApiClient tenant = newTenant();
        createDid(tenant, "+14155550401", "main", "active");
        createDid(tenant, "+14155550402", "main", "active");
        createDid(tenant, "+14155550403", "main", "active");
        signIn(tenant);

        find(By.id("select-all")).click();
        rowOf("+14155550403").findElement(By.cssSelector("input.select-did")).click();
        new Select(find(By.id("bulk-status"))).selectByValue("inactive");
        browser.findElement(By.id("status-button")).click();
        assertThat(messageContaining("Set")).isEqualTo("Set 2 DIDs to inactive.");
        assertThat(tenant.get("/api/asterisk-dids?status=inactive").json().get("items").findValuesAsString("number"))
                .containsExactly("+14155550401", "+14155550402");
    }

    @Test
    void showsWhatTheApiRefusedInWords() {
        ApiClient tenant = newTenant();
        createDid(tenant, "+14155550501", "main", "active");
        signIn(tenant);

        rowOf("+14155550501").findElement(By.cssSelector("input.select-did")).click();
        type(By.id("move-segment"), "Not A Segment");
        browser.findElement(By.id("move-button")).click();
        String error = messageContaining("Not changed");
        assertThat(error).startsWith("Not changed: 1 DID. segment: a segment name is 1 to 63 lowercase letters").doesNotContain("\"detail\"", "\"status\"");
        assertThat(find(By.id("message")).getAttribute("class")).contains("error");

        find(By.cssSelector("#add-card summary")).click();
        type(By.id("add-number"), "+14155550501");
        browser.findElement(By.id("add-button")).click();
        assertThat(messageContaining("already")).contains("+14155550501 is already a DID of this tenant");
    }

    private List<String> tableNumbers() {
        waitForIdle();
        return browser.findElements(By.cssSelector("#dids-table tbody tr[data-number]")).stream()
                .map(r -> r.getAttribute("data-number")).toList();
    }

    private static String stat(WebElement card, String name) {
        return card.findElement(By.className(name)).getText();
    }

    private static String idOf(ApiClient tenant, String number) {
        return tenant.get("/api/asterisk-dids?size=500").json().get("items").valueStream()
                .filter(d -> d.get("number").asString().equals(number))
                .findFirst().orElseThrow().get("id").asString();
    }
}
