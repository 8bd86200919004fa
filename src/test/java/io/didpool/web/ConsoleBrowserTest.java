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
    void movesTwoDidsToANewSegmentWhichThenShowsItsCountsAndUsageSpread() {
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
        browser.findElement(By.id("move-button")).click();
        assertThat(resultOf("move-result")).isEqualTo("Moved 2 DIDs to segment fresh.");
        waitForIdle();
        assertThat(rowOf("+14155550202").findElement(By.className("segment")).getText()).isEqualTo("fresh");
        assertThat(rowOf("+14155550204").findElement(By.className("segment")).getText()).isEqualTo("fresh");
        assertThat(rowOf("+14155550201").findElement(By.className("segment")).getText()).isEqualTo("old");
        assertThat(find(By.id("selected-count")).getText()).isEqualTo("0 selected");
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
        assertThat(stat(fresh, "min-max")).isEqualTo("1 – 2");
        assertThat(fresh.findElement(By.tagName("h2")).getText()).contains("rotation even");
        // one bar per usage count from the least used to the most used: one DID used once, one twice
        assertThat(bars(fresh)).containsExactly("1..1:1", "2..2:1");

        WebElement old = find(By.cssSelector(".segment-card[data-segment='old']"));
        assertThat(stat(old, "total-dids")).isEqualTo("2");
        assertThat(stat(old, "total-usage")).isEqualTo("4");
        assertThat(stat(old, "min-max")).isEqualTo("0 – 4");
        assertThat(old.findElement(By.tagName("h2")).getText()).contains("uneven: counts differ by 4");
        assertThat(bars(old)).containsExactly("0..0:1", "1..1:0", "2..2:0", "3..3:0", "4..4:1");

        WebElement none = find(By.cssSelector(".segment-card[data-segment='(no segment)']"));
        assertThat(stat(none, "total-dids")).isEqualTo("1");
        assertThat(stat(none, "selectable-dids")).isEqualTo("0");
        assertThat(none.getText()).contains("No selectable DID to chart.");
        waitForIdle();
        screenshot("segments");
    }

    @Test
    void segmentsAreDeclaredRenamedAndDeletedAndChartedWithoutDownloadingTheDids() {
        ApiClient tenant = newTenant();
        for (int i = 1; i <= 3; i++) {
            createDid(tenant, "+1415555060" + i, "spring", "active");
        }
        String journey = tenant.post("/api/journeys", Map.of("name", "spring calls", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "spring"))))).expect(201).json().get("id")
                .asString();
        tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "spring")).expect(200);
        signIn(tenant);
        open("/segments");
        waitForIdle();

        find(By.cssSelector("#declare-card summary")).click();
        type(By.id("declare-name"), "summer");
        type(By.id("declare-description"), "numbers for the summer campaign");
        browser.findElement(By.id("declare-button")).click();
        assertThat(messageContaining("declared")).isEqualTo("Segment summer declared.");
        WebElement summer = find(By.cssSelector(".segment-card[data-segment='summer']"));
        assertThat(summer.findElement(By.className("description")).getText())
                .isEqualTo("numbers for the summer campaign");
        assertThat(summer.findElement(By.tagName("h2")).getText()).contains("empty");

        WebElement spring = find(By.cssSelector(".segment-card[data-segment='spring']"));
        assertThat(bars(spring)).containsExactly("0..0:2", "1..1:1");
        assertThat(spring.findElement(By.tagName("h2")).getText()).contains("rotation even");
        @SuppressWarnings("unchecked")
        List<String> requested = (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname + "
                        + "new URL(e.name).search)");
        assertThat(requested).contains("/api/asterisk-dids/usage", "/api/asterisk-dids/usage/histogram?buckets=40")
                .noneMatch(path -> path.startsWith("/api/asterisk-dids?") || path.equals("/api/asterisk-dids"));

        spring.findElement(By.className("rename")).click();
        WebElement to = spring.findElement(By.className("rename-to"));
        to.clear();
        to.sendKeys("spring-2027");
        spring.findElement(By.className("rename-save")).click();
        assertThat(messageContaining("is now")).isEqualTo("Segment spring is now spring-2027: its 3 DIDs and the "
                + "journeys naming it followed.");
        assertThat(tenant.get("/api/asterisk-dids?segment=spring-2027").expect(200).json().get("total").asInt())
                .isEqualTo(3);
        assertThat(tenant.get("/api/journeys/" + journey).expect(200).json().get("nodes").get(0).get("config")
                .get("didSegment").asString()).isEqualTo("spring-2027");

        // a segment that holds DIDs is not deleted, and the card says why
        WebElement renamed = find(By.cssSelector(".segment-card[data-segment='spring-2027']"));
        renamed.findElement(By.className("delete")).click();
        assertThat(find(By.id("confirm-text")).getText()).isEqualTo("Delete segment spring-2027? Only a segment that "
                + "holds no DID can be deleted; this one holds 3 DIDs.");
        browser.findElement(By.id("confirm-ok")).click();
        waitUntil(d -> !d.findElement(By.cssSelector(".segment-card[data-segment='spring-2027'] .card-result"))
                .getText().isEmpty());
        assertThat(find(By.cssSelector(".segment-card[data-segment='spring-2027'] .card-result")).getText())
                .startsWith("segment spring-2027 holds 3 DID(s)");
        screenshot("segments-manage");

        find(By.cssSelector(".segment-card[data-segment='summer'] .delete")).click();
        find(By.id("confirm-ok")).click();
        assertThat(messageContaining("deleted")).isEqualTo("Segment summer deleted.");
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".segment-card[data-segment='summer']"), 0));
        assertThat(tenant.get("/api/asterisk-dids/segments/summer").status()).isEqualTo(404);

        // each card links to its DIDs and to its history
        find(By.cssSelector(".segment-card[data-segment='spring-2027'] a.name")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–3 of 3"));
        assertThat(browser.getCurrentUrl()).endsWith("/dids?segment=spring-2027");

        open("/segments");
        WebElement described = find(By.cssSelector(".segment-card[data-segment='spring-2027']"));
        described.findElement(By.className("describe")).click();
        described.findElement(By.className("description-text")).sendKeys("renamed for 2027");
        described.findElement(By.className("describe-save")).click();
        assertThat(messageContaining("Description")).isEqualTo("Description of spring-2027 saved.");
        assertThat(find(By.cssSelector(".segment-card[data-segment='spring-2027'] .description")).getText())
                .isEqualTo("renamed for 2027");

        find(By.cssSelector(".segment-card[data-segment='spring-2027'] a.history")).click();
        waitUntil(ExpectedConditions.urlContains("/audit?entity=segment&id=spring-2027"));
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#audit-table tbody tr[data-entity]"), 1));
        assertThat(find(By.cssSelector("#audit-table tbody tr .change")).getText()).contains("renamed for 2027");
        find(By.id("audit-id")).clear();
        browser.findElement(By.id("audit-apply")).click();
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#audit-table tbody tr[data-entity]"), 4));
        List<String> actions = browser.findElements(By.cssSelector("#audit-table tbody tr .action")).stream()
                .map(WebElement::getText).toList();
        assertThat(actions.subList(1, 4)).containsExactly("delete", "rename", "declare");
        assertThat(find(By.cssSelector("#audit-table tbody tr[data-action='rename'] .sentence")).getText())
                .isEqualTo("renamed segment spring to spring-2027");
        assertThat(find(By.cssSelector("#audit-table tbody tr[data-action='rename'] .key")).getText())
                .isEqualTo("default");
        screenshot("audit");
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
        assertThat(resultOf("status-result")).isEqualTo("Set 2 DIDs to inactive.");
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
        String error = resultOf("move-result");
        assertThat(error).startsWith("Not changed: segment: a segment name is 1 to 63 lowercase letters")
                .doesNotContain("\"detail\"", "\"status\"");
        assertThat(find(By.id("move-result")).getAttribute("class")).contains("error");

        find(By.cssSelector("#add-card summary")).click();
        type(By.id("add-number"), "+14155550501");
        browser.findElement(By.id("add-button")).click();
        assertThat(messageContaining("already")).contains("+14155550501 is already a DID of this tenant");
    }



    /** A segment's histogram bars as "from..to:dids". */
    private static List<String> bars(WebElement card) {
        return card.findElements(By.cssSelector("svg.usage-chart rect.bar")).stream().map(bar ->
                bar.getAttribute("data-from") + ".." + bar.getAttribute("data-to") + ":" + bar.getAttribute("data-dids"))
                .toList();
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
