package io.didpool.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.inbound.InboundTestCalls;
import io.didpool.testsupport.ApiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The console's Inbound page and the callbacks of the DIDs and Campaigns pages in a real browser, over inbound calls
 * asked the way Asterisk asks (FastAGI).
 */
class InboundConsoleBrowserTest extends BrowserTest {

    @Autowired
    ApplicationContext service;

    @Test
    void listsTheInboundCallsFilteredFromTheUrlAndTheFormAndLinksThemFromDidsAndExecutions() {
        ApiClient tenant = newTenant();
        String did = "+12125899001";
        String contact = "+12125899002";
        String stranger = "+12125899003";
        String didId = createDid(tenant, did, "inbound-console", "active");
        tenant.put("/api/asterisk-dids/segments/inbound-console", Map.of("description", "inbound",
                "inboundRoute", "PJSIP/desk")).expect(200);
        String journey = tenant.post("/api/journeys", Map.of("name", "calls", "callbackTo", "PJSIP/callbacks",
                "nodes", List.of(Map.of("type", "MAKE_CALL", "config", Map.of("didId", didId))))).expect(201)
                .json().get("id").asString();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "november",
                "contacts", List.of(Map.of("phoneNumber", contact)))).expect(201).json().get("id").asString();
        JsonNode execution = await().atMost(Duration.ofSeconds(60)).until(() -> tenant.get("/api/campaigns/"
                + campaign + "/executions").expect(200).json().get("items").get(0),
                e -> e.get("status").asString().equals("COMPLETED"));
        String executionId = execution.get("id").asString();
        InboundTestCalls.ask(service, did, contact);
        InboundTestCalls.ask(service, did, stranger);

        signIn(tenant);
        // the DID's row: 1 callback in the last day and 30 days, linked to its inbound calls
        assertThat(textContaining(By.cssSelector("#dids-table tr[data-number='" + did + "'] .callbacks"), "1 / 1"))
                .isEqualTo("1 / 1");
        rowOf(did).findElement(By.cssSelector(".callbacks a")).click();
        waitUntil(ExpectedConditions.urlContains("/inbound?did=%2B12125899001"));
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbound-table tr[data-id]"), 2));
        assertThat(find(By.id("inbound-did")).getAttribute("value")).isEqualTo(did);
        assertThat(find(By.cssSelector("#inbound-table tr[data-decision='CALLBACK'] .route")).getText())
                .isEqualTo("PJSIP/callbacks");
        assertThat(find(By.cssSelector("#inbound-table tr[data-decision='SEGMENT'] .caller")).getText())
                .isEqualTo(stranger);
        screenshot("inbound");

        // the form's filters, kept in the URL
        new Select(find(By.id("inbound-decision"))).selectByValue("CALLBACK");
        browser.findElement(By.id("inbound-apply")).click();
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbound-table tr[data-id]"), 1));
        assertThat(browser.getCurrentUrl()).contains("decision=CALLBACK").contains("did=%2B12125899001");
        assertThat(find(By.cssSelector("#inbound-table .caller")).getText()).isEqualTo(contact);
        assertThat(find(By.cssSelector("#inbound-table .execution")).getText()).isEqualTo(executionId);

        // a refused filter is said in words, naming it and the value
        browser.findElement(By.id("inbound-clear")).click();
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbound-table tr[data-id]"), 2));
        type(By.id("inbound-caller"), "x".repeat(70));
        browser.findElement(By.id("inbound-apply")).click();
        assertThat(messageContaining("caller")).contains("at most 64 characters");

        // the campaign's execution shows its callback, linked to the call
        open("/campaigns");
        waitForIdle();
        find(By.cssSelector("#campaigns-table tr[data-id='" + campaign + "'] .show-executions")).click();
        assertThat(textContaining(By.cssSelector("#executions-table tr[data-id='" + executionId + "'] .callbacks"),
                "callback")).isEqualTo("1 callback");
        find(By.cssSelector("#executions-table tr[data-id='" + executionId + "'] a.callbacks")).click();
        waitUntil(ExpectedConditions.urlContains("/inbound?executionId=" + executionId));
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbound-table tr[data-id]"), 1));
        assertThat(find(By.cssSelector("#inbound-table .caller")).getText()).isEqualTo(contact);
    }
}
