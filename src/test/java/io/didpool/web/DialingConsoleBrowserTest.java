package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.LongDryRunCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The console's Campaigns and Trunks pages in a real browser. Calls stay in progress here ({@link LongDryRunCalls}):
 * on a trunk capped at a few calls the rest wait in the queue, so that a campaign's progress holds still while the
 * test pauses, resumes and cancels it.
 */
@LongDryRunCalls
class DialingConsoleBrowserTest extends BrowserTest {

    @Test
    void startsACampaignFromACsvFileThenPausesResumesAndCancelsIt() throws IOException {
        ApiClient tenant = newTenant();
        trunk("CAMPAIGNS", 1);
        String journey = journeyOnTrunk(tenant, "CAMPAIGNS", "renewals", "+14155553000");
        signIn(tenant);
        open("/campaigns");
        waitForIdle();
        find(By.cssSelector("#create-card summary")).click();
        new Select(find(By.id("campaign-journey"))).selectByValue(journey);
        type(By.id("campaign-name"), "november renewals");

        // RFC 4180: a quoted comma, a quoted quote, a quoted line break; a number twice; row 5 is not a number
        Path bad = csv("bad", "name,phoneNumber,note", "\"Smith, Ann\",+14155550001,", "Bob,+14155550002,\"says \"\"hi\"\"\"",
                "\"Carol\nthe second\",+14155550003,", "Dan,4155550004,");
        find(By.id("campaign-file")).sendKeys(bad.toString());
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("file-summary"), "4 rows"));
        browser.findElement(By.id("create-button")).click();
        assertThat(messageContaining("row 5")).isEqualTo("The campaign was not started, nothing was queued: row 5: "
                + "phone number must be an E.164 number such as +14155550100 (got \"4155550004\").");
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("total").asLong()).isZero();

        Path good = csv("good", "name,phoneNumber", "\"Smith, Ann\",+14155550001", "Bob,+14155550002",
                "\"Carol\nthe second\",+14155550003", "Ann again,+14155550001", "", "Dan,+14155550004",
                "Eve,+14155550005");
        find(By.id("campaign-file")).sendKeys(good.toString());
        assertThat(textContaining(By.id("file-summary"), "duplicate")).isEqualTo(
                "good.csv: 6 rows of contacts; 1 duplicate will be called once: 5 contacts to call.");
        browser.findElement(By.id("create-button")).click();
        assertThat(messageContaining("renewals started")).isEqualTo("Campaign november renewals started: 5 contacts to call.");
        JsonNode campaign = tenant.get("/api/campaigns").expect(200).json().get("items").get(0);
        String id = campaign.get("id").asString();
        assertThat(campaign.get("total").asLong()).isEqualTo(5);

        // the trunk takes one call at a time, and calls here never end: one runs, four wait
        By figures = By.cssSelector("#campaigns-table tr[data-id='" + id + "'] .figures");
        assertThat(textContaining(figures, "1 running")).isEqualTo("0 completed · 1 running · 4 queued of 5");
        assertThat(campaignRow(id).findElements(By.cssSelector("svg.progress-bar rect.part")))
                .extracting(part -> part.getAttribute("class")).containsExactly("part running", "part queued");
        screenshot("campaigns");

        campaignRow(id).findElement(By.className("pause")).click();
        waitUntil(ExpectedConditions.attributeToBe(By.cssSelector("#campaigns-table tr[data-id='" + id + "']"),
                "data-status", "PAUSED"));
        assertThat(tenant.get("/api/campaigns/" + id).expect(200).json().get("status").asString()).isEqualTo("PAUSED");
        campaignRow(id).findElement(By.className("resume")).click();
        waitUntil(ExpectedConditions.attributeToBe(By.cssSelector("#campaigns-table tr[data-id='" + id + "']"),
                "data-status", "RUNNING"));
        assertThat(tenant.get("/api/campaigns/" + id).expect(200).json().get("status").asString())
                .isEqualTo("RUNNING");

        campaignRow(id).findElement(By.className("cancel")).click();
        assertThat(find(By.id("confirm-text")).getText()).isEqualTo("Cancel campaign november renewals? 4 queued "
                + "executions will be cancelled: their contacts are not called. 1 call in progress finishes. "
                + "This cannot be undone.");
        browser.findElement(By.id("confirm-ok")).click();
        assertThat(messageContaining("cancelled:")).isEqualTo("Campaign november renewals cancelled: 4 executions "
                + "cancelled.");
        JsonNode cancelled = tenant.get("/api/campaigns/" + id).expect(200).json();
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cancelled").asLong()).isEqualTo(4);
        assertThat(cancelled.get("running").asLong()).isEqualTo(1);

        campaignRow(id).findElement(By.className("show-executions")).click();
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#executions-table tr[data-id]"), 5));
        new Select(find(By.id("execution-status"))).selectByValue("RUNNING");
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#executions-table tr[data-id]"), 1));
        assertThat(textContaining(By.cssSelector("#executions-table .steps"), "RUNNING"))
                .isEqualTo("RUNNING · +14155553000 (renewals) · segment renewals: any DID of the segment");
    }

    @Test
    void showsTheTrunksLimitsReadOnlyAndTheTenantsOwnCallsLive() {
        trunk("LIVE", 2);
        // another tenant's call on the same trunk takes one of its two calls in progress; it is none of this
        // tenant's business
        ApiClient other = newTenant();
        String otherJourney = journeyOnTrunk(other, "LIVE", "live", "+14155554100");
        other.post("/api/campaigns", Map.of("journeyId", otherJourney, "name", "other", "contacts", List.of(
                Map.of("phoneNumber", "+14155550021")))).expect(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> api()
                .withToken(ADMIN_TOKEN).get("/api/admin/trunks/LIVE").expect(200).json().get("callsInProgress")
                .asLong() == 1);
        ApiClient tenant = newTenant();
        String journey = journeyOnTrunk(tenant, "LIVE", "live", "+14155554000");
        tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "live", "contacts", List.of(
                Map.of("phoneNumber", "+14155550011"), Map.of("phoneNumber", "+14155550012"),
                Map.of("phoneNumber", "+14155550013")))).expect(201);
        signIn(tenant);
        open("/trunks");

        By live = By.cssSelector("#trunks-table tr[data-trunk='LIVE']");
        assertThat(find(By.cssSelector("main .hint")).getText()).contains("read-only",
                "PUT /api/admin/trunks/{name}");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-trunk='LIVE'] .queued"),
                "2"));
        WebElement row = find(live);
        assertThat(row.findElement(By.className("cps")).getText()).isEqualTo("1000");
        assertThat(row.findElement(By.className("cap")).getText()).isEqualTo("2");
        assertThat(row.findElement(By.className("did-count")).getText()).isEqualTo("1");
        assertThat(row.findElement(By.className("in-progress")).getText())
                .as("the two calls the cap lets through, less the other tenant's").isEqualTo("1");
        screenshot("trunks");

        // the admin raises the cap: the waiting calls start, and the page shows it without being reloaded
        trunk("LIVE", 4);
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-trunk='LIVE'] .in-progress"), "3"));
        assertThat(find(live).findElement(By.className("queued")).getText()).isEqualTo("0");
        assertThat(find(live).findElement(By.className("cap")).getText()).isEqualTo("4");
    }

    @Test
    void aCampaignWhoseCallsWaitSaysForWhatAndUntilWhen() {
        ApiClient tenant = newTenant();
        // the suite's clock is 11:00 in Los Angeles: a window of 22:00-23:00 makes the call wait until 22:00 there
        Map<String, Object> days = new LinkedHashMap<>();
        for (String day : List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")) {
            days.put(day, Map.of("start", "22:00", "end", "23:00"));
        }
        tenant.put("/api/calling-hours", Map.of("timeZoneUnknown", "STRICTEST", "days", days,
                "regions", Map.of(), "closedDates", List.of())).expect(200);
        String journey = journeyOnTrunk(tenant, "TWILIO", "late", "+14155553100");
        String id = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "late evening",
                "contacts", List.of(Map.of("phoneNumber", "+14155553101")))).expect(201).json()
                .get("id").asString();
        signIn(tenant);
        open("/campaigns");
        waitForIdle();

        By figures = By.cssSelector("#campaigns-table tr[data-id='" + id + "'] .figures");
        assertThat(textContaining(figures, "waiting")).isEqualTo(
                "0 completed · 1 queued of 1 · 1 waiting (1 for calling hours)");
        campaignRow(id).findElement(By.className("show-executions")).click();
        assertThat(textContaining(By.cssSelector("#executions-table .step-waiting"), "waiting for"))
                .as("the callee's local time and zone").endsWith(", 22:00 America/Los_Angeles")
                .startsWith("waiting for 2027-01-");
        tenant.post("/api/campaigns/" + id + "/cancel", Map.of()).expect(200);
    }

    @Test
    void editsACampaignsRecycleRulesAndShowsItsPaceAndTheDidsItsCallsUse() {
        ApiClient tenant = newTenant();
        trunk("RECYCLING", 1);
        String journey = journeyOnTrunk(tenant, "RECYCLING", "recycling", "+14155553200");
        String id = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "second tries", "contacts",
                List.of(Map.of("phoneNumber", "+14155550031"), Map.of("phoneNumber", "+14155550032")))).expect(201)
                .json().get("id").asString();
        signIn(tenant);
        open("/campaigns");
        By rules = By.cssSelector("#campaigns-table tr[data-id='" + id + "'] .recycle-rules");
        assertThat(textContaining(rules, "recycling")).isEqualTo("No recycling");
        // one call in progress, one queued: started, with a pace and an ETA (refreshed while it runs)
        assertThat(textContaining(By.cssSelector("#campaigns-table tr[data-id='" + id + "'] .timing"), "started 20"))
                .matches("started \\S+ \\S+Z · 0\\.0\\d\\d set-ups/s · ETA \\S+ \\S+Z");

        campaignRow(id).findElement(By.className("edit-recycle")).click();
        WebElement noAnswer = find(By.cssSelector("#recycle-form fieldset[data-outcome='NO_ANSWER']"));
        noAnswer.findElement(By.className("recycle-on")).click();
        noAnswer.findElement(By.className("recycle-after")).clear();
        noAnswer.findElement(By.className("recycle-after")).sendKeys("30");
        noAnswer.findElement(By.className("recycle-max")).clear();
        noAnswer.findElement(By.className("recycle-max")).sendKeys("4");
        browser.findElement(By.id("recycle-save")).click();
        assertThat(messageContaining("Recycling of")).isEqualTo("Recycling of second tries saved: Recycling: no answer"
                + " after 30 min, up to 4 calls.");
        JsonNode recycle = tenant.get("/api/campaigns/" + id).expect(200).json().get("recycle");
        assertThat(recycle).hasSize(1);
        assertThat(recycle.get(0).get("outcome").asString()).isEqualTo("NO_ANSWER");
        assertThat(recycle.get(0).get("afterMinutes").asInt()).isEqualTo(30);
        assertThat(recycle.get(0).get("maxAttempts").asInt()).isEqualTo(4);
        assertThat(textContaining(rules, "no answer")).isEqualTo("Recycling: no answer after 30 min, up to 4 calls");

        campaignRow(id).findElement(By.className("show-executions")).click();
        By did = By.cssSelector("#dids-table tr[data-did='+14155553200']");
        waitUntil(ExpectedConditions.presenceOfElementLocated(did));
        assertThat(find(did).findElement(By.className("calls")).getText()).as("one call in progress at a time")
                .isEqualTo("1");
        tenant.post("/api/campaigns/" + id + "/cancel", Map.of()).expect(200);
    }

    private WebElement campaignRow(String id) {
        return find(By.cssSelector("#campaigns-table tr[data-id='" + id + "']"));
    }

    private void trunk(String name, int maxConcurrentCalls) {
        Map<String, Object> limits = new HashMap<>();
        limits.put("callsPerSecond", 1000);
        limits.put("maxConcurrentCalls", maxConcurrentCalls);
        api().withToken(ADMIN_TOKEN).put("/api/admin/trunks/" + name, limits).expect(200);
    }

    /** A journey of one call from the segment, which holds one DID on the trunk; answers its id. */
    private static String journeyOnTrunk(ApiClient tenant, String trunk, String segment, String number) {
        tenant.post("/api/asterisk-dids", Map.of("number", number, "segment", segment, "trunk", trunk)).expect(201);
        return tenant.post("/api/journeys", Map.of("name", segment, "nodes", List.of(Map.of("type", "MAKE_CALL",
                "config", Map.of("didSegment", segment))))).expect(201).json().get("id").asString();
    }

    private static Path csv(String name, String... lines) throws IOException {
        Path file = Files.createTempDirectory("didpool-campaign").resolve(name + ".csv");
        return Files.writeString(file, String.join("\r\n", lines) + "\r\n");
    }
}
