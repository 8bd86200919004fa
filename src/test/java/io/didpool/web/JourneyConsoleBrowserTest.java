package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The console's journeys page in a real browser. It needs the journeys API ({@code /api/journeys…} of the
 * contract): on a build without it (GET /api/journeys answers 404) these tests skip themselves, saying so.
 */
class JourneyConsoleBrowserTest extends BrowserTest {

    private ApiClient tenant;

    @BeforeEach
    void tenantOfABuildWithJourneys() {
        tenant = newTenant();
        int status = tenant.get("/api/journeys").status();
        Assumptions.assumeTrue(status != 404,
                "journey browser tests skipped: GET /api/journeys answers 404, the journeys API is not in this build");
    }

    @Test
    void configuresACallStepBySegmentAndWatchesATestExecutionCallFromThatSegment() {
        createDid(tenant, "+14155550701", "campaign", "active");
        createDid(tenant, "+14155550702", "other", "active");
        signIn(tenant);
        browser.findElement(By.linkText("Journeys")).click();
        waitForIdle();

        type(By.id("journey-name"), "renewal reminder");
        WebElement node = find(By.cssSelector("#nodes .node"));
        node.findElement(By.className("mode-segment")).click();
        new Select(node.findElement(By.className("node-segment"))).selectByValue("campaign");
        node.findElement(By.className("node-audio")).sendKeys("custom/voice_template_123");
        browser.findElement(By.id("save-journey")).click();
        assertThat(messageContaining("saved")).isEqualTo("Journey renewal reminder saved.");

        JsonNode journey = journeyNamed("renewal reminder");
        JsonNode config = journey.get("nodes").get(0).get("config");
        assertThat(journey.get("nodes").get(0).get("type").asString()).isEqualTo("MAKE_CALL");
        assertThat(config.get("didSegment").asString()).isEqualTo("campaign");
        assertThat(config.path("didId").isMissingNode() || config.get("didId").isNull()).isTrue();
        assertThat(config.get("audioFile").asString()).isEqualTo("custom/voice_template_123");

        type(By.id("run-phone"), "+14155550123");
        browser.findElement(By.id("run-button")).click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#steps-table .step-did"),
                "+14155550701"));
        WebElement step = find(By.cssSelector("#steps-table tbody tr"));
        assertThat(step.findElement(By.className("step-why")).getText())
                .isEqualTo("segment campaign: any DID of the segment");
        assertThat(step.getText()).contains("+14155550123");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Test execution"));
        screenshot("journeys");
    }

    @Test
    void picksASpecificDidFromASearchableListAndRunsWithIt() {
        createDid(tenant, "+14155550801", "a", "active");
        String wanted = createDid(tenant, "+14155550802", "b", "active");
        createDid(tenant, "+14155550803", "b", "active");
        signIn(tenant);
        open("/journeys");
        waitForIdle();

        type(By.id("journey-name"), "pinned");
        browser.findElement(By.id("save-journey")).click();
        messageContaining("saved");
        JsonNode rotating = journeyNamed("pinned").get("nodes").get(0).get("config");
        assertThat(rotating.path("didId").isMissingNode() || rotating.get("didId").isNull()).isTrue();
        assertThat(rotating.path("didSegment").isMissingNode() || rotating.get("didSegment").isNull()).isTrue();

        WebElement node = find(By.cssSelector("#nodes .node"));
        node.findElement(By.className("mode-did")).click();
        node.findElement(By.className("node-did-search")).sendKeys("0802");
        // the server searches: the list holds what matches, not the whole inventory
        waitUntil(d -> new Select(node.findElement(By.className("node-did"))).getOptions().size() == 1);
        Select dids = new Select(node.findElement(By.className("node-did")));
        assertThat(dids.getOptions()).extracting(WebElement::getText).containsExactly("+14155550802 · line 0802 · b");
        dids.selectByValue(wanted);
        browser.findElement(By.id("save-journey")).click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "saved"));
        waitForIdle();
        assertThat(journeyNamed("pinned").get("nodes").get(0).get("config").get("didId").asString()).isEqualTo(wanted);
        assertThat(tenant.get("/api/journeys").body()).containsOnlyOnce("pinned");

        type(By.id("run-phone"), "+14155550124");
        browser.findElement(By.id("run-button")).click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#steps-table .step-did"),
                "+14155550802"));
        assertThat(find(By.cssSelector("#steps-table .step-why")).getText()).isEqualTo("the DID the step names");
    }

    @Test
    void showsWhyTheApiRefusedAJourneyInWords() {
        createDid(tenant, "+14155550901", "a", "active");
        signIn(tenant);
        open("/journeys");
        waitForIdle();

        type(By.id("journey-name"), "bad transfer");
        find(By.cssSelector("#nodes .node .node-transfer")).sendKeys("call me maybe");
        browser.findElement(By.id("save-journey")).click();
        waitUntil(ExpectedConditions.attributeContains(By.id("message"), "class", "error"));
        assertThat(find(By.id("message")).getText()).contains("transferNumber").doesNotContain("\"detail\"");
    }

    /**
     * A journey whose campaign still has queued executions: the service refuses the delete naming them, the page says
     * so and offers to cancel them first; confirmed, the campaign is cancelled and the journey deleted.
     */
    @Test
    void deletingAJourneyWithWorkInFlightAsksToCancelItFirst() {
        // one set-up every 10 s: the campaign's first call is dialled, the others wait well past this test
        String trunk = "SLOW_" + System.nanoTime();
        admin().put("/api/admin/trunks/" + trunk, Map.of("callsPerSecond", 0.1)).expect(200);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155551001", "segment", "slow",
                "trunk", trunk)).expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "in flight", "nodes",
                List.of(Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "slow")))))
                .expect(201).json().get("id").asString();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "slow",
                "contacts", IntStream.range(0, 10).mapToObj(i -> Map.of("phoneNumber",
                        "+1416555100" + i)).toList())).expect(201).json().get("id").asString();
        signIn(tenant);
        open("/journeys");
        waitForIdle();

        find(By.cssSelector("#journey-list button[data-id='" + journey + "']")).click();
        find(By.id("delete-journey")).click();
        assertThat(textContaining(By.id("confirm-text"), "Delete journey in flight?")).isNotEmpty();
        browser.findElement(By.id("confirm-ok")).click();
        String refusal = textContaining(By.id("confirm-text"), "Cancel them and delete the journey?");
        assertThat(refusal).contains("campaign " + campaign + " (").doesNotContain("?cancelExecutions");
        assertThat(find(By.id("confirm-ok")).getText()).isEqualTo("Cancel them and delete");
        browser.findElement(By.id("confirm-ok")).click();

        assertThat(messageContaining("deleted")).isEqualTo("Journey in flight deleted.");
        assertThat(tenant.get("/api/journeys/" + journey).status()).isEqualTo(404);
        assertThat(tenant.get("/api/campaigns/" + campaign).expect(200).json().get("status").asString())
                .isEqualTo("CANCELLED");
    }

    private JsonNode journeyNamed(String name) {
        JsonNode answer = tenant.get("/api/journeys").expect(200).json();
        JsonNode list = answer.isArray() ? answer : answer.has("items") ? answer.get("items") : answer.get("journeys");
        List<JsonNode> matching = list.valueStream().filter(j -> j.get("name").asString().equals(name)).toList();
        assertThat(matching).hasSize(1);
        return tenant.get("/api/journeys/" + matching.get(0).get("id").asString()).expect(200).json();
    }
}
