package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.TwilioSimulator;
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
 * campaign's destinations with its gap marked on a row that names its key, and local numbers bought for it from
 * Twilio (a dry run, then the purchase); the DIDs page's area code filter, on the table and on a move of everything
 * it matches.
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

    @Test
    void buysLocalNumbersForAGapAfterShowingWhatItWouldBuyAndTheGapCloses() {
        String account = "AC" + java.util.UUID.randomUUID().toString().replace("-", "");
        String token = java.util.UUID.randomUUID().toString().replace("-", "");
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "gap-" + java.util.UUID.randomUUID()))
                .expect(201).json();
        ApiClient tenant = api().withToken(created.get("apiKey").asString());
        tenant.put("/api/twilio/credentials", Map.of("accountSid", account, "authToken", token)).expect(204);
        admin().put("/api/admin/tenants/" + created.get("id").asString() + "/twilio-limits",
                Map.of("purchasesPerDay", 5)).expect(200);
        List<String> forSale = List.of("+16175559001", "+16175559002");
        TwilioSimulator.stubAvailable(account, "AreaCode", "617", forSale);
        TwilioSimulator.stubPricing(account, token, "1.15");
        for (String number : forSale) {
            TwilioSimulator.SERVER.stubFor(TwilioSimulator.buyRequest(account, number)
                    .willReturn(TwilioSimulator.bought(number, "PN" + java.util.UUID.randomUUID().toString()
                            .replace("-", ""))));
        }
        createDid(tenant, "+12125557201", "gap-east", "active");
        String journey = tenant.post("/api/journeys", Map.of("name", "calls", "nodes", List.of(Map.of("type",
                "MAKE_CALL", "config", Map.of("didSegment", "gap-east"))))).expect(201).json().get("id").asString();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "boston",
                "contacts", List.of(Map.of("phoneNumber", "+12125558101"), Map.of("phoneNumber", "+16175558102"))))
                .expect(201).json().get("id").asString();

        signIn(tenant);
        open("/coverage?mode=contacts&segment=gap-east&campaign=" + campaign);
        waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#contacts-table tr.gap")));
        find(By.cssSelector("#contacts-table tr[data-key='617'] button.buy")).click();
        assertThat(find(By.id("purchase-segment")).getAttribute("value")).isEqualTo("gap-east");
        type(By.id("purchase-count"), "2");
        browser.findElement(By.id("purchase-preview")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("purchase-buy")));
        assertThat(browser.findElements(By.cssSelector("#purchase-candidates li")).stream().map(WebElement::getText)
                .toList()).containsExactly("+16175559001 ($1.15 a month)", "+16175559002 ($1.15 a month)");
        // the dry run bought nothing
        TwilioSimulator.SERVER.verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(TwilioSimulator.numbersPath(account))));
        assertThat(tenant.get("/api/asterisk-dids?areaCode=617").expect(200).json().get("total").asInt()).isZero();
        screenshot("coverage-purchase");

        browser.findElement(By.id("purchase-buy")).click();
        assertThat(resultOf("purchase-result")).isEqualTo("Bought 2 numbers (+16175559001, +16175559002).");
        JsonNode bought = tenant.get("/api/asterisk-dids?areaCode=617").expect(200).json();
        assertThat(bought.get("items").valueStream().map(d -> d.get("number").asString() + " "
                + d.get("segment").asString() + " " + d.get("status").asString()).toList())
                .containsExactly("+16175559001 gap-east active", "+16175559002 gap-east active");
        // the page asked again: 617 is covered now
        waitForIdle();
        assertThat(browser.findElements(By.cssSelector("#contacts-table tr.gap"))).isEmpty();
        assertThat(find(By.cssSelector("#contacts-table tr[data-key='617'] .local-dids")).getText()).isEqualTo("2");
    }

    private List<String> keys(String table) {
        waitForIdle();
        return browser.findElements(By.cssSelector("#" + table + " tbody tr[data-key]")).stream()
                .map(r -> r.getAttribute("data-key")).toList();
    }
}
