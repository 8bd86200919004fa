package io.didpool.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.didpool.testsupport.ApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TwilioImportTest extends TwilioTestSupport {

    private static final String IMPORT = "/api/asterisk-dids/import/twilio";

    @Autowired
    MeterRegistry meters;

    @Test
    void importsEveryPageOfAnAccountAsActiveDidsWithTwilioMetadata() {
        String account = newAccountSid();
        String token = newAuthToken();
        List<ObjectNode> numbers = numbers("415", 2500);
        stubNumbers(account, token, numbers, 500);
        ApiClient tenant = tenantWithCredentials(account, token);

        JsonNode result = tenant.post(IMPORT, Map.of()).expect(200).json();

        assertCounts(result, 2500, 2500, 0, 0, 0);
        assertThat(result.get("errors").size()).isZero();
        TWILIO.verify(5, getRequestedFor(urlPathEqualTo(numbersPath(account))));
        assertThat(total(tenant, "segment=twilio-main")).isEqualTo(2500);
        assertThat(total(tenant, "status=active&trunk=TWILIO")).isEqualTo(2500);

        JsonNode did = find(tenant, "+14150000003");
        assertThat(did.get("segment").asString()).isEqualTo("twilio-main");
        assertThat(did.get("trunk").asString()).isEqualTo("TWILIO");
        assertThat(did.get("status").asString()).isEqualTo("active");
        assertThat(did.get("provider").asString()).isEqualTo("Twilio");
        assertThat(did.get("importSource").asString()).isEqualTo("twilio-api");
        assertThat(did.get("providerSid").asString()).isEqualTo(numbers.get(3).get("sid").asString());
        assertThat(did.get("friendlyName").asString()).isEqualTo("(415) 000-0003");
        // index 3: voice, no sms (odd), mms (multiple of 3) — Twilio's lowercase keys, read as such
        assertThat(did.get("capabilities").get("voice").asBoolean()).isTrue();
        assertThat(did.get("capabilities").get("sms").asBoolean()).isFalse();
        assertThat(did.get("capabilities").get("mms").asBoolean()).isTrue();
        assertThat(find(tenant, "+14150000004").get("capabilities").get("sms").asBoolean()).isTrue();
    }

    @Test
    void reimportOfTheSameAccountReportsEverythingUnchanged() {
        String account = newAccountSid();
        String token = newAuthToken();
        stubNumbers(account, token, numbers("212", 1200), 500);
        ApiClient tenant = tenantWithCredentials(account, token);
        tenant.post(IMPORT, Map.of()).expect(200);
        String updatedAt = find(tenant, "+12120000001").get("updatedAt").asString();

        JsonNode again = tenant.post(IMPORT, Map.of()).expect(200).json();

        assertCounts(again, 1200, 0, 0, 1200, 0);
        assertThat(find(tenant, "+12120000001").get("updatedAt").asString()).isEqualTo(updatedAt);
    }

    @Test
    void movesAnExistingDidToTheImportedSegmentKeepingItsUsageAndStatus() {
        String account = newAccountSid();
        String token = newAuthToken();
        List<ObjectNode> numbers = numbers("646", 3);
        stubNumbers(account, token, numbers, 50);
        ApiClient tenant = tenantWithCredentials(account, token);
        String id = tenant.post("/api/asterisk-dids", Map.of("number", "+16460000001", "segment", "legacy",
                "trunk", "OLD", "status", "available", "friendlyName", "hand made")).expect(201).json()
                .get("id").asString();
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", id)).expect(200);
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", id)).expect(200);

        JsonNode result = tenant.post(IMPORT, Map.of("segment", "twilio-east", "trunk", "TWILIO_EAST"))
                .expect(200).json();

        assertCounts(result, 3, 2, 1, 0, 0);
        JsonNode moved = tenant.get("/api/asterisk-dids/" + id).expect(200).json();
        assertThat(moved.get("segment").asString()).isEqualTo("twilio-east");
        assertThat(moved.get("trunk").asString()).isEqualTo("TWILIO_EAST");
        assertThat(moved.get("usageCount").asLong()).isEqualTo(2);
        assertThat(moved.get("lastUsedAt").isNull()).isFalse();
        assertThat(moved.get("status").asString()).isEqualTo("available");
        assertThat(moved.get("providerSid").asString()).isEqualTo(numbers.get(1).get("sid").asString());
        assertThat(moved.get("friendlyName").asString()).isEqualTo("(646) 000-0001");
        assertThat(moved.get("importSource").asString()).isEqualTo("twilio-api");
        assertThat(total(tenant, "segment=legacy")).isZero();
    }

    @Test
    void dryRunReportsWhatWouldChangeAndWritesNothing() {
        String account = newAccountSid();
        String token = newAuthToken();
        stubNumbers(account, token, numbers("303", 30), 10);
        ApiClient tenant = tenantWithCredentials(account, token);
        tenant.post("/api/asterisk-dids", Map.of("number", "+13030000000", "segment", "other")).expect(201);

        JsonNode preview = tenant.post(IMPORT, Map.of("dryRun", true)).expect(200).json();

        assertCounts(preview, 30, 29, 1, 0, 0);
        assertThat(total(tenant, "")).isEqualTo(1);
        assertThat(find(tenant, "+13030000000").get("segment").asString()).isEqualTo("other");
        assertCounts(tenant.post(IMPORT, Map.of("dryRun", false)).expect(200).json(), 30, 29, 1, 0, 0);
    }

    @Test
    void reportsNumbersThatAreNotE164AndImportsTheRest() {
        String account = newAccountSid();
        String token = newAuthToken();
        List<ObjectNode> numbers = new ArrayList<>(numbers("718", 4));
        numbers.add(1, number("7185550100", "PN" + "1".repeat(32), "no plus", true, true, false));
        numbers.add(number("+0123456", "PN" + "2".repeat(32), "leading zero", true, true, false));
        numbers.add(number("+1718000000000000000", "PN" + "3".repeat(32), "too long", true, true, false));
        stubNumbers(account, token, numbers, 50);
        ApiClient tenant = tenantWithCredentials(account, token);

        JsonNode result = tenant.post(IMPORT, Map.of()).expect(200).json();

        assertCounts(result, 7, 4, 0, 0, 3);
        assertThat(result.get("errors").findValuesAsString("number"))
                .containsExactly("7185550100", "+0123456", "+1718000000000000000");
        assertThat(result.get("errors").get(0).get("reason").asString()).contains("E.164");
        assertThat(total(tenant, "")).isEqualTo(4);
    }

    @Test
    void importsANumberWhoseFriendlyNameHoldsControlCharactersAndSkipsASidThatDoes() {
        String account = newAccountSid();
        String token = newAuthToken();
        List<ObjectNode> numbers = new ArrayList<>(numbers("719", 2));
        numbers.add(number("+17195550190", "PN" + "4".repeat(32), "nul\u0000and\nbreak", true, true, false));
        numbers.add(number("+17195550191", "PN" + "5".repeat(31) + "\u0000", "bad sid", true, true, false));
        // what the API refuses in names, such as what does not show (a zero-width space, an override), is a space too
        numbers.add(number("+17195550192", "PN" + "6".repeat(32), "pay\u200Bpal\u202E", true, true, false));
        stubNumbers(account, token, numbers, 50);
        ApiClient tenant = tenantWithCredentials(account, token);

        JsonNode result = tenant.post(IMPORT, Map.of()).expect(200).json();

        assertCounts(result, 5, 4, 0, 0, 1);
        assertThat(result.get("errors").get(0).get("number").asString()).isEqualTo("+17195550191");
        JsonNode did = tenant.get("/api/asterisk-dids?segment=twilio-main&size=10").expect(200).json().get("items")
                .valueStream().filter(d -> d.get("number").asString().equals("+17195550190")).findFirst().orElseThrow();
        assertThat(did.get("friendlyName").asString()).isEqualTo("nul and break");
        assertThat(tenant.get("/api/asterisk-dids?q=pay&size=10").expect(200).json().get("items").get(0)
                .get("friendlyName").asString()).isEqualTo("pay pal ");
    }

    @Test
    void rejectedCredentialsAnswer502SayingSoAndWriteNothing() {
        String account = newAccountSid();
        TWILIO.stubFor(pageRequest(account, 0).willReturn(twilioError(401, 20003, "Authenticate")));
        ApiClient tenant = tenantWithCredentials(account, newAuthToken());

        ApiClient.Response response = tenant.post(IMPORT, Map.of());

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString())
                .contains("Twilio rejected the credentials", account, "401", "20003", "nothing was written");
        assertThat(total(tenant, "")).isZero();
        // a rejection is final: no retry
        TWILIO.verify(1, getRequestedFor(urlPathEqualTo(numbersPath(account))));
    }

    @Test
    void retriesA429HonouringRetryAfterThenImports() {
        String account = newAccountSid();
        String token = newAuthToken();
        List<StubMapping> pages = stubNumbers(account, token, numbers("505", 20), 10);
        TWILIO.removeStub(pages.get(1));
        TWILIO.stubFor(pageRequest(account, 1).inScenario("throttled " + account)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(twilioError(429, 20429, "Too Many Requests").withHeader("Retry-After", "1"))
                .willSetStateTo("served"));
        TWILIO.stubFor(pageRequest(account, 1).inScenario("throttled " + account)
                .whenScenarioStateIs("served")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(page(account, 1, 2, 10, numbers("505", 20).subList(10, 20)))));
        ApiClient tenant = tenantWithCredentials(account, token);

        long started = System.nanoTime();
        JsonNode result = tenant.post(IMPORT, Map.of()).expect(200).json();

        assertCounts(result, 20, 20, 0, 0, 0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        TWILIO.verify(3, getRequestedFor(urlPathEqualTo(numbersPath(account))));
    }

    @Test
    void aServerErrorMidwayKeepsThePagesBeforeItAndARerunCompletesTheImport() {
        String account = newAccountSid();
        String token = newAuthToken();
        List<ObjectNode> numbers = numbers("617", 50);
        List<StubMapping> pages = stubNumbers(account, token, numbers, 10);
        TWILIO.removeStub(pages.get(2));
        StubMapping broken = TWILIO.stubFor(pageRequest(account, 2)
                .willReturn(twilioError(500, 20500, "Internal Server Error")));
        ApiClient tenant = tenantWithCredentials(account, token);

        ApiClient.Response failed = tenant.post(IMPORT, Map.of());

        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.json().get("detail").asString())
                .contains("HTTP 500", "after 3 attempts", "20 numbers", "run the import again");
        assertThat(total(tenant, "")).isEqualTo(20);
        TWILIO.verify(3, getRequestedFor(urlPathEqualTo(numbersPath(account)))
                .withQueryParam("PageToken", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        pageToken(account, 2))));

        TWILIO.removeStub(broken);
        TWILIO.stubFor(pageRequest(account, 2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(page(account, 2, 5, 10, numbers.subList(20, 30)))));
        JsonNode rerun = tenant.post(IMPORT, Map.of()).expect(200).json();

        assertCounts(rerun, 50, 30, 0, 20, 0);
        assertThat(total(tenant, "segment=twilio-main")).isEqualTo(50);
    }

    @Test
    void aTwilioThatStopsAnsweringTimesOutAndTheImportFailsClearly() {
        String account = newAccountSid();
        String token = newAuthToken();
        TWILIO.stubFor(pageRequest(account, 0).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(20_000)
                .withBody(page(account, 0, 1, 10, numbers("404", 2)))));
        ApiClient tenant = tenantWithCredentials(account, token);

        long started = System.nanoTime();
        ApiClient.Response response = tenant.post(IMPORT, Map.of());

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().get("detail").asString())
                .contains("Twilio at localhost did not answer", "timed out", "after 3 attempts", "nothing was written");
        // three attempts of at most the 2 s timeout each, plus short backoffs (about 6.5 s): bounded, and well under
        // the 20 s a single attempt without the timeout would have waited; generous for a loaded machine
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(16));
        assertThat(total(tenant, "")).isZero();
    }

    @Test
    void refusesASecondImportOfTheSameTenantWhileOneRuns() throws Exception {
        String account = newAccountSid();
        String token = newAuthToken();
        List<StubMapping> pages = stubNumbers(account, token, numbers("919", 5), 10);
        TWILIO.removeStub(pages.get(0));
        TWILIO.stubFor(pageRequest(account, 0).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(1000)
                .withBody(page(account, 0, 1, 10, numbers("919", 5)))));
        ApiClient tenant = tenantWithCredentials(account, token);

        CompletableFuture<ApiClient.Response> first = CompletableFuture.supplyAsync(() -> tenant.post(IMPORT, Map.of()));
        // the first import is in Twilio's (slow) hands: it holds the tenant's import lock
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !TWILIO.findAll(getRequestedFor(urlPathEqualTo(numbersPath(account)))).isEmpty());
        ApiClient.Response second = tenant.post(IMPORT, Map.of());

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("detail").asString()).contains("already running");
        assertCounts(first.get().expect(200).json(), 5, 5, 0, 0, 0);
        // the lock is released: the next import runs
        tenant.post(IMPORT, Map.of()).expect(200);
    }

    @Test
    void validatesSegmentAndTrunkAndNeedsStoredCredentials() {
        ApiClient tenant = tenantWithCredentials(newAccountSid(), newAuthToken());
        ApiClient.Response badSegment = tenant.post(IMPORT, Map.of("segment", "Bad Segment"));
        assertThat(badSegment.status()).isEqualTo(400);
        assertThat(badSegment.json().get("detail").asString()).contains("segment");
        ApiClient.Response badTrunk = tenant.post(IMPORT, Map.of("trunk", "a/b"));
        assertThat(badTrunk.status()).isEqualTo(400);
        assertThat(badTrunk.json().get("detail").asString()).contains("trunk");

        ApiClient.Response none = newTenant().post(IMPORT, Map.of());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("detail").asString()).contains("PUT /api/twilio/credentials");
    }

    @Test
    void countsRunsAndNumbersInMetrics() {
        String account = newAccountSid();
        String token = newAuthToken();
        stubNumbers(account, token, numbers("702", 7), 10);
        ApiClient tenant = tenantWithCredentials(account, token);
        double runs = count("didpool.import.runs", "result", "succeeded");
        double created = count("didpool.import.numbers", "outcome", "created");

        tenant.post(IMPORT, Map.of()).expect(200);

        assertThat(count("didpool.import.runs", "result", "succeeded")).isEqualTo(runs + 1);
        assertThat(count("didpool.import.numbers", "outcome", "created")).isEqualTo(created + 7);
    }

    private double count(String name, String tag, String value) {
        var counter = meters.find(name).tags(tag, value, "dry_run", "false").counter();
        return counter == null ? 0 : counter.count();
    }

    static void assertCounts(JsonNode result, long fetched, long created, long updated, long unchanged, long failed) {
        assertThat(List.of(result.get("fetched").asLong(), result.get("created").asLong(),
                result.get("updated").asLong(), result.get("unchanged").asLong(), result.get("failed").asLong()))
                .as("fetched, created, updated, unchanged, failed of %s", result)
                .containsExactly(fetched, created, updated, unchanged, failed);
    }

    static long total(ApiClient tenant, String query) {
        return tenant.get("/api/asterisk-dids?size=1&" + query).expect(200).json().get("total").asLong();
    }

    static JsonNode find(ApiClient tenant, String number) {
        for (int page = 0; ; page++) {
            JsonNode items = tenant.get("/api/asterisk-dids?size=100&page=" + page).expect(200).json().get("items");
            if (items.isEmpty()) {
                throw new AssertionError("no DID " + number);
            }
            for (JsonNode did : items) {
                if (did.get("number").asString().equals(number)) {
                    return did;
                }
            }
        }
    }
}
