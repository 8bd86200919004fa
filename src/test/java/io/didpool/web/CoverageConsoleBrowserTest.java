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
import tools.jackson.databind.JsonNode;

/**
 * The console's Coverage page: the DIDs per area code as the API counts them, sorted by a column either way, and a
 * campaign's destinations with its gap marked on a row that names its key; the DIDs page's area code filter, on the
 * table and on a move of everything it matches.
 */
class CoverageConsoleBrowserTest extends BrowserTest {

    @Test
    void showsTheApisCountsSortsThemAndMarksACampaignsGap() {
        ApiClient tenant = newTenant();
        createDid(tenant, "+12125557101", "cov-east", "active");
        createDid(tenant, "+12125557102", "cov-east", "active");
        createDid(tenant, "+12125557103", "cov-east", "inactive");
        createDid(tenant, "+14155557104", "cov-east", "active");
        createDid(tenant, "+13035557105", "cov-west", "active");
        tenant.put("/api/asterisk-dids/segments/cov-none", Map.of("description", "no DIDs")).expect(200);
        String journey = tenant.post("/api/journeys", Map.of("name", "calls", "nodes", List.of(Map.of("type",
                "MAKE_CALL", "config", Map.of("didSegment", "cov-none"))))).expect(201).json().get("id").asString();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "coverage check",
                "contacts", List.of(Map.of("phoneNumber", "+12125558001"), Map.of("phoneNumber", "+16175558002"),
                        Map.of("phoneNumber", "+16175558003")))).expect(201).json().get("id").asString();
        JsonNode report = tenant.get("/api/asterisk-dids/coverage").expect(200).json();

        signIn(tenant);
        open("/coverage");
        waitForIdle();
        assertThat(keys("coverage-table")).containsExactly("212", "303", "415");
        for (JsonNode row : report.get("rows")) {
            WebElement shown = find(By.cssSelector("#coverage-table tr[data-key='" + row.get("key").asString() + "']"));
            assertThat(shown.findElement(By.className("dids")).getText()).isEqualTo(row.get("dids").asString());
            assertThat(shown.findElement(By.className("selectable")).getText())
                    .isEqualTo(row.get("selectable").asString());
        }
        assertThat(browser.findElements(By.cssSelector("#coverage-chart rect.part"))).hasSize(3);

        // a count column sorts largest first, then the other way round
        browser.findElement(By.cssSelector("#coverage-table button[data-sort='dids']")).click();
        assertThat(keys("coverage-table")).containsExactly("212", "303", "415");
        browser.findElement(By.cssSelector("#coverage-table button[data-sort='dids']")).click();
        assertThat(keys("coverage-table")).containsExactly("303", "415", "212");
        assertThat(find(By.cssSelector("#coverage-table th[aria-sort='ascending']")).getText()).contains("DIDs");
        screenshot("coverage");

        // contacts mode: the campaign's destinations against segment cov-east and its fallback
        new Select(find(By.id("coverage-mode"))).selectByValue("contacts");
        new Select(find(By.id("coverage-segment"))).selectByValue("cov-east");
        new Select(find(By.id("coverage-campaign"))).selectByValue(campaign);
        type(By.id("coverage-fallbacks"), "cov-west");
        browser.findElement(By.id("coverage-apply")).click();
        waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#contacts-table tr.gap")));
        waitForIdle();
        JsonNode contacts = tenant.post("/api/asterisk-dids/coverage/contacts", Map.of("segment", "cov-east",
                "fallbackSegments", List.of("cov-west"), "campaignId", campaign)).expect(200).json();
        assertThat(contacts.get("gaps").valueStream().map(JsonNode::asString).toList()).containsExactly("617");
        assertThat(browser.findElements(By.cssSelector("#contacts-table tr.gap")).stream()
                .map(r -> r.getAttribute("data-key")).toList()).containsExactly("617");
        WebElement gap = find(By.cssSelector("#contacts-table tr[data-key='617']"));
        assertThat(gap.findElement(By.className("destinations")).getText()).isEqualTo("2");
        assertThat(gap.findElement(By.className("local-dids")).getText()).isEqualTo("0");
        assertThat(gap.findElements(By.cssSelector("td.row-actions[data-key='617']"))).hasSize(1);
        WebElement covered = find(By.cssSelector("#contacts-table tr[data-key='212']"));
        assertThat(covered.findElement(By.className("local-dids")).getText()).isEqualTo("2");
        assertThat(find(By.id("contacts-summary")).getText()).contains("3 destinations", "1 gap");
        assertThat(browser.getCurrentUrl()).contains("mode=contacts", "campaign=" + campaign);
        screenshot("coverage-contacts");

        // the DIDs page finds one area code's DIDs exactly and moves all of them with the area code as the filter
        open("/dids?areaCode=212");
        assertThat(tableNumbers()).containsExactly("+12125557101", "+12125557102", "+12125557103");
        assertThat(find(By.id("filter-area-code")).getAttribute("value")).isEqualTo("212");
        type(By.id("filter-area-code"), "415, 303");
        browser.findElement(By.id("apply-filters")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("page-info"), "1–2 of 2"));
        find(By.id("select-matching")).click();
        type(By.id("move-segment"), "cov-moved");
        browser.findElement(By.id("move-button")).click();
        assertThat(find(By.id("confirm-text")).getText()).startsWith("2 DIDs match area code 415 or 303.");
        browser.findElement(By.id("confirm-ok")).click();
        assertThat(resultOf("move-result")).startsWith("Moved 2 DIDs to segment cov-moved.");
        assertThat(tenant.get("/api/asterisk-dids?segment=cov-moved").expect(200).json().get("items").valueStream()
                .map(d -> d.get("number").asString()).toList()).containsExactly("+13035557105", "+14155557104");
    }

    private List<String> keys(String table) {
        waitForIdle();
        return browser.findElements(By.cssSelector("#" + table + " tbody tr[data-key]")).stream()
                .map(r -> r.getAttribute("data-key")).toList();
    }
}
