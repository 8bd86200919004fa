package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.allocation.AllocationService;
import io.didpool.asterisk.CallStatus;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Caller-ID intelligence in the console: a segment's policy edited (and refused in words), each DID's area code,
 * recent calls, answer rate and rest (by hand, and reinstated), and why a call got its DID, checked through the API.
 */
class CallerIdConsoleBrowserTest extends BrowserTest {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Autowired
    AllocationService allocations;

    @Test
    void editsASegmentsPolicyAndShowsTheApisRefusalInWords() {
        ApiClient tenant = newTenant();
        createDid(tenant, "+14155551101", "main", "active");
        String policy = "/api/asterisk-dids/segments/main/policy";
        signIn(tenant);
        open("/segments");
        waitForIdle();

        WebElement card = find(By.cssSelector(".segment-card[data-segment='main']"));
        assertThat(card.findElement(By.className("policy-text")).getText()).isEqualTo("least used, no limits");
        card.findElement(By.className("policy")).click();
        card.findElement(By.className("policy-localPresence")).click();
        typeIn(card, "policy-maxCallsPerHour", "20");
        typeIn(card, "policy-maxCallsPerDay", "100");
        typeIn(card, "policy-stickyDays", "7");
        typeIn(card, "policy-restBelowAnswerRate", "0.2");
        typeIn(card, "policy-restHours", "12");
        card.findElement(By.className("policy-save")).click();
        assertThat(policyResult(card)).isEqualTo(
                "Saved: local presence · max 20/h · max 100/day · sticky 7 days · rests below 20 % answered.");
        assertThat(card.findElement(By.className("policy-text")).getText())
                .isEqualTo("local presence · max 20/h · max 100/day · sticky 7 days · rests below 20 % answered");
        // uneven by design: the badge names the policy instead of judging the spread
        assertThat(card.findElement(By.className("verdict")).getText()).isEqualTo("local presence · sticky");
        assertThat(card.findElement(By.className("verdict")).getAttribute("class")).doesNotContain("uneven");
        JsonNode saved = tenant.get(policy).expect(200).json();
        assertThat(saved.get("localPresence").asBoolean()).isTrue();
        assertThat(saved.get("maxCallsPerHour").asInt()).isEqualTo(20);
        assertThat(saved.get("maxCallsPerDay").asInt()).isEqualTo(100);
        assertThat(saved.get("stickyDays").asInt()).isEqualTo(7);
        assertThat(saved.get("restBelowAnswerRate").decimalValue()).isEqualByComparingTo("0.2");
        assertThat(saved.get("healthWindowCalls").asInt()).isEqualTo(50);
        assertThat(saved.get("restHours").asInt()).isEqualTo(12);

        // an emptied field is null: no cap per day any more
        typeIn(card, "policy-maxCallsPerDay", "");
        card.findElement(By.className("policy-save")).click();
        assertThat(policyResult(card)).doesNotContain("/day");
        assertThat(tenant.get(policy).expect(200).json().get("maxCallsPerDay").isNull()).isTrue();

        // the API judges the values: its refusal in words next to Save, the field marked, nothing changed
        typeIn(card, "policy-restBelowAnswerRate", "2");
        card.findElement(By.className("policy-save")).click();
        assertThat(policyResult(card))
                .isEqualTo("Not saved: restBelowAnswerRate: is out of range: must be above 0 and at most 1 (a share"
                        + " of calls answered), or null (got 2)");
        assertThat(card.findElement(By.className("policy-result")).getAttribute("class")).contains("error");
        assertThat(card.findElement(By.className("policy-restBelowAnswerRate")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(tenant.get(policy).expect(200).json().get("restBelowAnswerRate").decimalValue())
                .isEqualByComparingTo("0.2");

        // a fresh page shows what the API holds
        open("/segments");
        waitForIdle();
        assertThat(find(By.cssSelector(".segment-card[data-segment='main'] .policy-text")).getText())
                .isEqualTo("local presence · max 20/h · sticky 7 days · rests below 20 % answered");
        WebElement reloaded = find(By.cssSelector(".segment-card[data-segment='main']"));
        reloaded.findElement(By.className("policy")).click();
        assertThat(reloaded.findElement(By.className("policy-maxCallsPerDay")).getAttribute("value")).isEmpty();
        assertThat(reloaded.findElement(By.className("policy-restHours")).getAttribute("value")).isEqualTo("12");
        typeIn(reloaded, "policy-restBelowAnswerRate", "2");
        reloaded.findElement(By.className("policy-save")).click();
        policyResult(reloaded);
        screenshot("segments-policy");
    }

    @Test
    void showsEachDidsAreaCodeCallsAndAnswerRateAndRestsAndReinstatesOne() {
        JsonNode created = api().withToken(ADMIN_TOKEN).post("/api/admin/tenants",
                Map.of("name", "caller-id-" + UUID.randomUUID())).expect(201).json();
        ApiClient tenant = api().withToken(created.get("apiKey").asString());
        String sanFrancisco = createDid(tenant, "+14155551201", "main", "active");
        createDid(tenant, "+12125551202", "main", "active");
        createDid(tenant, "+442071838750", "main", "active");
        for (int i = 0; i < 2; i++) {
            tenant.post("/api/asterisk-dids/allocate", Map.of("didId", sanFrancisco)).expect(200);
        }
        // how calls ended reaches a DID only from Asterisk; here the service is told directly: 1 of 4 answered
        TenantId tenantId = new TenantId(UUID.fromString(created.get("id").asString()));
        for (CallStatus status : List.of(CallStatus.ANSWERED, CallStatus.NO_ANSWER, CallStatus.BUSY,
                CallStatus.NO_ANSWER)) {
            allocations.recordOutcome(tenantId, UUID.fromString(sanFrancisco), status);
        }
        signIn(tenant);

        assertThat(health("+14155551201")).containsExactly("415 · CA", "2 / 2", "25 %");
        assertThat(health("+12125551202")).containsExactly("212 · NY", "0 / 0", "—");
        assertThat(health("+442071838750")).containsExactly("—", "0 / 0", "—");

        // a number of hours that is no rest is refused in words, and nothing changes
        rowOf("+14155551201").findElement(By.className("rest")).click();
        WebElement hours = rowOf("+14155551201").findElement(By.className("rest-hours"));
        hours.clear();
        hours.sendKeys("0");
        rowOf("+14155551201").findElement(By.className("rest-save")).click();
        assertThat(messageContaining("Not rested")).isEqualTo("Not rested: enter for how many hours +14155551201 "
                + "rests, more than 0 and at most 8760 (a year).");
        assertThat(tenant.get("/api/asterisk-dids/" + sanFrancisco).json().get("restingUntil").isNull()).isTrue();

        hours.clear();
        hours.sendKeys("3");
        Instant before = Instant.now();
        rowOf("+14155551201").findElement(By.className("rest-save")).click();
        messageContaining("rests until");
        JsonNode rested = tenant.get("/api/asterisk-dids/" + sanFrancisco).expect(200).json();
        Instant until = Instant.parse(rested.get("restingUntil").asString());
        assertThat(until).isBetween(before.plus(Duration.ofHours(3)).minusSeconds(5),
                Instant.now().plus(Duration.ofHours(3)));
        assertThat(rested.get("selectable").asBoolean()).isFalse();
        String shown = "resting until " + MINUTE.format(until.atZone(ZoneId.systemDefault()));
        assertThat(messageContaining("rests until"))
                .isEqualTo("+14155551201 " + shown.replace("resting", "rests") + ": rotation leaves it out until then.");
        waitForIdle();
        assertThat(rowOf("+14155551201").findElement(By.className("resting")).getText()).isEqualTo(shown);
        assertThat(tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "main")).expect(200).json()
                .get("did").get("number").asString()).isNotEqualTo("+14155551201");
        screenshot("dids-health");

        rowOf("+14155551201").findElement(By.className("reinstate")).click();
        assertThat(messageContaining("reinstated"))
                .isEqualTo("+14155551201 is reinstated: rotation may choose it again.");
        JsonNode reinstated = tenant.get("/api/asterisk-dids/" + sanFrancisco).expect(200).json();
        assertThat(reinstated.get("restingUntil").isNull()).isTrue();
        assertThat(reinstated.get("selectable").asBoolean()).isTrue();
        waitForIdle();
        assertThat(rowOf("+14155551201").findElements(By.className("resting"))).isEmpty();
        assertThat(rowOf("+14155551201").findElement(By.className("rest")).isDisplayed()).isTrue();
    }

    @Test
    void aTestRunAndACampaignSayWhyTheirDidWasChosen() {
        ApiClient tenant = newTenant();
        // the journey's segment has no usable DID, so its fallback serves; there rotation alone would take the
        // New York DID (the lowest number), local presence takes the one of the destination's area code
        createDid(tenant, "+13105551301", "primary", "inactive");
        createDid(tenant, "+12125551301", "local", "active");
        createDid(tenant, "+14155551301", "local", "active");
        tenant.put("/api/asterisk-dids/segments/local/policy", Map.of("localPresence", true)).expect(200);
        signIn(tenant);
        open("/journeys");
        waitForIdle();

        type(By.id("journey-name"), "local presence");
        WebElement node = find(By.cssSelector("#nodes .node"));
        node.findElement(By.className("mode-segment")).click();
        new Select(node.findElement(By.className("node-segment"))).selectByValue("primary");
        node.findElement(By.className("add-fallback")).click();
        new Select(node.findElement(By.className("node-fallback"))).selectByValue("local");
        browser.findElement(By.id("save-journey")).click();
        assertThat(messageContaining("saved")).isEqualTo("Journey local presence saved.");
        JsonNode journey = tenant.get("/api/journeys").expect(200).json().get("items").get(0);
        JsonNode config = journey.get("nodes").get(0).get("config");
        assertThat(config.get("didSegment").asString()).isEqualTo("primary");
        assertThat(config.get("fallbackSegments").valueStream().map(JsonNode::asString)).containsExactly("local");

        type(By.id("run-phone"), "+14155550199");
        browser.findElement(By.id("run-button")).click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#steps-table .step-did"),
                "+14155551301"));
        assertThat(find(By.cssSelector("#steps-table .step-why")).getText())
                .isEqualTo("segment local: same area code");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Test execution"));
        screenshot("journeys-why");

        // a campaign's executions show the same
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey.get("id").asString(),
                "name", "local callers", "contacts", List.of(Map.of("phoneNumber", "+14155550198")))).expect(201)
                .json().get("id").asString();
        waitUntil(d -> tenant.get("/api/campaigns/" + campaign).json().get("status").asString().equals("DONE"));
        open("/campaigns");
        find(By.cssSelector("#campaigns-table tr[data-id='" + campaign + "'] .show-executions")).click();
        waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#executions-table .step-why")));
        assertThat(find(By.cssSelector("#executions-table .step")).getText())
                .contains("+14155551301 (local) · segment local: same area code");
    }

    private static void typeIn(WebElement card, String field, String text) {
        WebElement input = card.findElement(By.className(field));
        input.clear();
        input.sendKeys(text);
    }

    /** What the policy editor says next to Save once the save has settled. */
    private String policyResult(WebElement card) {
        waitForIdle();
        return card.findElement(By.className("policy-result")).getText();
    }

    /** Area code and region, calls in the last hour and day, answer rate, as the DID's row shows them. */
    private List<String> health(String number) {
        WebElement row = rowOf(number);
        return List.of("area", "calls", "answer-rate").stream()
                .map(cell -> row.findElement(By.className(cell)).getText()).toList();
    }
}
