package io.didpool.dialing;

import static io.didpool.dialing.DialingInstances.as;
import static io.didpool.dialing.DialingInstances.campaign;
import static io.didpool.dialing.DialingInstances.contacts;
import static io.didpool.dialing.DialingInstances.executions;
import static io.didpool.dialing.DialingInstances.finished;
import static io.didpool.dialing.DialingInstances.jdbc;
import static io.didpool.dialing.DialingInstances.journeyOnTrunk;
import static io.didpool.dialing.DialingInstances.start;
import static io.didpool.dialing.DialingInstances.trunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.asterisk.AmiPeer;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one database dial through an AMI peer that behaves like Twilio's trunks: it refuses set-ups over
 * a trunk's calls per second (SIP 503, CONGESTION) and counts calls in progress. Each test uses a trunk of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialingTest {

    private final AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofMillis(300), Duration.ofMillis(300));
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;
    private ApiClient admin;

    @BeforeAll
    void instances() {
        String database = TestDatabase.newDatabase("dialing");
        first = start(database, carrier, "--didpool.dialing.max-attempts=6");
        second = start(database, carrier, "--didpool.dialing.max-attempts=6");
        admin = ApiClient.admin(first);
    }

    @AfterAll
    void stop() {
        first.close();
        second.close();
        carrier.close();
    }

    @Test
    void twoInstancesTogetherKeepATrunkWithinItsCallsPerSecond() {
        trunk(admin, "PACE5", 5, null);
        carrier.callsPerSecond("PACE5", 5);
        ApiClient tenant = admin.newTenant("pace");
        String journey = journeyOnTrunk(tenant, "PACE5", "pace", 14155510000L, 3);

        JsonNode campaign = campaign(as(second, tenant), journey, contacts(14165510000L, 40));
        JsonNode done = finished(tenant, campaign.get("id").asString(), Duration.ofSeconds(90));

        assertThat(done.get("completed").asLong()).as(done.toString()).isEqualTo(40);
        List<AmiPeer.Originated> setUps = onTrunk("PACE5");
        assertThat(setUps).hasSize(40).allMatch(o -> o.fate() == AmiPeer.Fate.ANSWERED);
        assertThat(carrier.maxSetUps("PACE5", Duration.ofSeconds(1))).isLessThanOrEqualTo(5);
        assertThat(jdbc(first).sql("SELECT count(DISTINCT owner) FROM calls WHERE trunk = 'PACE5'")
                .query(Long.class).single()).as("both instances dialled").isEqualTo(2);
    }

    @Test
    void callsInProgressOnATrunkNeverExceedItsCapAcrossInstances() {
        trunk(admin, "CAP3", 50, 3);
        ApiClient tenant = admin.newTenant("cap");
        String journey = journeyOnTrunk(tenant, "CAP3", "cap", 14155520000L, 2);

        JsonNode campaign = campaign(tenant, journey, contacts(14165520000L, 18));
        JsonNode done = finished(tenant, campaign.get("id").asString(), Duration.ofSeconds(90));

        assertThat(done.get("completed").asLong()).as(done.toString()).isEqualTo(18);
        assertThat(carrier.maxInProgress("CAP3")).isEqualTo(3);
    }

    @Test
    void aSetUpTheCarrierRefusesIsTriedAgainUntilItRingsAndTheContactIsAnsweredOnce() {
        trunk(admin, "STRICT", 4, null);
        carrier.callsPerSecond("STRICT", 1);
        ApiClient tenant = admin.newTenant("refused");
        String journey = journeyOnTrunk(tenant, "STRICT", "strict", 14155530000L, 2);
        List<String> contacts = contacts(14165530000L, 6);

        JsonNode campaign = campaign(tenant, journey, contacts);
        JsonNode done = finished(tenant, campaign.get("id").asString(), Duration.ofSeconds(90));

        assertThat(done.get("completed").asLong()).as(done.toString()).isEqualTo(6);
        Map<String, List<AmiPeer.Originated>> byContact = onTrunk("STRICT").stream()
                .collect(Collectors.groupingBy(AmiPeer.Originated::destination));
        assertThat(byContact.values()).allMatch(setUps -> setUps.stream()
                .filter(o -> o.fate() == AmiPeer.Fate.ANSWERED).count() == 1);
        assertThat(byContact.values()).as("some set-ups were refused over the carrier's limit")
                .anyMatch(setUps -> setUps.size() > 1);
        Map<String, JsonNode> steps = executions(tenant, campaign.get("id").asString()).stream()
                .collect(Collectors.toMap(e -> e.get("contact").get("phoneNumber").asString(),
                        e -> e.get("steps").get(0)));
        for (String contact : contacts) {
            assertThat(steps.get(contact).get("outcome").asString()).isEqualTo("ANSWERED");
            assertThat(steps.get(contact).get("attempts").asInt()).as("Originates of " + contact)
                    .isEqualTo(byContact.get(contact).size());
        }
        long usage = 0;
        for (JsonNode did : tenant.get("/api/asterisk-dids?segment=strict").expect(200).json().get("items")) {
            usage += did.get("usageCount").asLong();
        }
        assertThat(usage).as("one use per call, however many set-ups it took").isEqualTo(6);
    }

    @Test
    void aCallThatRangIsNeverTriedAgain() {
        trunk(admin, "RANG", 20, null);
        carrier.callee("+14165540001", AmiPeer.Callee.BUSY).callee("+14165540002", AmiPeer.Callee.NO_ANSWER);
        ApiClient tenant = admin.newTenant("rang");
        String journey = journeyOnTrunk(tenant, "RANG", "rang", 14155540000L, 1);

        JsonNode campaign = campaign(tenant, journey, List.of("+14165540001", "+14165540002"));
        finished(tenant, campaign.get("id").asString(), Duration.ofSeconds(60));

        Map<String, JsonNode> steps = executions(tenant, campaign.get("id").asString()).stream()
                .collect(Collectors.toMap(e -> e.get("contact").get("phoneNumber").asString(),
                        e -> e.get("steps").get(0)));
        assertThat(steps.get("+14165540001").get("outcome").asString()).isEqualTo("BUSY");
        assertThat(steps.get("+14165540002").get("outcome").asString()).isEqualTo("NO_ANSWER");
        assertThat(steps.values()).allMatch(step -> step.get("attempts").asInt() == 1);
        assertThat(onTrunk("RANG")).hasSize(2);
    }

    @Test
    void aTenantsSingleCallStartsAfterAtMostAFewOfAnotherTenantsThousandsQueuedOnTheSameTrunk() {
        trunk(admin, "SHARED", 2, null);
        ApiClient busy = admin.newTenant("busy");
        ApiClient small = admin.newTenant("small");
        String bulk = journeyOnTrunk(busy, "SHARED", "bulk", 14155550000L, 2);
        String single = journeyOnTrunk(small, "SHARED", "single", 14155560000L, 1);
        JsonNode campaign = campaign(busy, bulk, contacts(14165550000L, 10_000));
        await().atMost(Duration.ofSeconds(30)).until(() -> onTrunk("SHARED").size() >= 2);

        int before = onTrunk("SHARED").size();
        small.post("/api/journeys/" + single + "/executions", Map.of("contact", Map.of("phoneNumber",
                "+14165569999"))).expect(202);
        AmiPeer.Originated mine = await().atMost(Duration.ofSeconds(30)).until(
                () -> onTrunk("SHARED").stream().filter(o -> o.destination().equals("+14165569999")).findFirst(),
                java.util.Optional::isPresent).get();

        long othersBetween = onTrunk("SHARED").stream().skip(before)
                .filter(o -> o.arrivedNanos() < mine.arrivedNanos()).count();
        assertThat(othersBetween).as("set-ups of the other tenant between the call's queuing and its set-up")
                .isLessThanOrEqualTo(2);
        busy.post("/api/campaigns/" + campaign.get("id").asString() + "/cancel", null).expect(200);
    }

    @Test
    void aPausedCampaignStartsNoCallAResumedOneGoesOnACancelledOneCancelsWhatHasNotStarted() {
        trunk(admin, "PAUSE", 10, null);
        ApiClient tenant = admin.newTenant("pause");
        String journey = journeyOnTrunk(tenant, "PAUSE", "pause", 14155570000L, 2);
        String id = campaign(tenant, journey, contacts(14165570000L, 60)).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> onTrunk("PAUSE").size() >= 5);

        JsonNode paused = tenant.post("/api/campaigns/" + id + "/pause", null).expect(200).json();
        assertThat(paused.get("status").asString()).isEqualTo("PAUSED");
        // set-ups already given a slot when the pause came may still leave; then nothing more
        await().atMost(Duration.ofSeconds(10)).until(() -> tenant.get("/api/campaigns/" + id).expect(200).json()
                .get("running").asLong() == 0);
        int afterPause = onTrunk("PAUSE").size();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> onTrunk("PAUSE").size() == afterPause);

        assertThat(tenant.post("/api/campaigns/" + id + "/resume", null).expect(200).json().get("status")
                .asString()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(30)).until(() -> onTrunk("PAUSE").size() >= afterPause + 5);

        JsonNode cancelled = tenant.post("/api/campaigns/" + id + "/cancel", null).expect(200).json();
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(
                () -> tenant.get("/api/campaigns/" + id).expect(200).json(),
                c -> c.get("running").asLong() == 0);
        assertThat(done.get("queued").asLong()).isZero();
        assertThat(done.get("cancelled").asLong()).isPositive();
        assertThat(done.get("completed").asLong() + done.get("failed").asLong() + done.get("cancelled").asLong())
                .isEqualTo(60);
        assertThat((long) onTrunk("PAUSE").size()).as("every call that started was one of the completed")
                .isEqualTo(done.get("completed").asLong());
        assertThat(tenant.post("/api/campaigns/" + id + "/resume", null).status()).isEqualTo(409);
    }

    @Test
    void theAttemptLimitHoldsAcrossCampaignsAndInstancesAndACallOverItWaits() {
        trunk(admin, "LIMIT2", 2, null);
        ApiClient tenant = admin.newTenant("limit");
        tenant.put("/api/dialing-limits", Map.of("maxCallsPerContactPerDay", 2)).expect(200);
        String journey = journeyOnTrunk(tenant, "LIMIT2", "limit", 14155540000L, 3);
        List<String> contacts = contacts(14165540000L, 5);

        // the same five numbers in three campaigns, created through both instances at once: 15 calls, 2 allowed each
        List<String> campaigns = java.util.stream.Stream.of(tenant, as(second, tenant), tenant).parallel()
                .map(client -> campaign(client, journey, contacts).get("id").asString()).toList();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> campaigns.stream()
                .mapToLong(id -> tenant.get("/api/campaigns/" + id).expect(200).json().get("waiting").asLong())
                .sum() == 5 && onTrunk("LIMIT2").size() == 10);
        Map<String, Long> perNumber = onTrunk("LIMIT2").stream()
                .collect(Collectors.groupingBy(AmiPeer.Originated::destination, Collectors.counting()));
        assertThat(perNumber).hasSize(5).allSatisfy((number, calls) -> assertThat(calls).as(number).isEqualTo(2));
        assertThat(jdbc(first).sql("SELECT count(DISTINCT owner) FROM calls WHERE trunk = 'LIMIT2'")
                .query(Long.class).single()).as("both instances dialled").isEqualTo(2);
        for (String id : campaigns) {
            for (JsonNode execution : executions(tenant, id)) {
                for (JsonNode step : execution.get("steps")) {
                    if (step.get("status").asString().equals("WAITING")) {
                        assertThat(step.get("waitingFor").get("reason").asString()).isEqualTo("ATTEMPT_LIMIT");
                        assertThat(java.time.Instant.parse(step.get("waitingFor").get("until").asString()))
                                .as("24 hours after the older of its number's two calls")
                                .isAfter(java.time.Instant.now().plus(Duration.ofHours(23)));
                    }
                }
            }
        }

        // a higher limit lets the waiting calls go at once
        tenant.put("/api/dialing-limits", Map.of("maxCallsPerContactPerDay", 3)).expect(200);
        for (String id : campaigns) {
            assertThat(finished(tenant, id, Duration.ofSeconds(60)).get("completed").asLong()).isEqualTo(5);
        }
        assertThat(onTrunk("LIMIT2")).hasSize(15);
    }

    @Test
    void aCallTriedAgainAfterTheCarrierRefusedItsSetUpIsNotHeldBackByTheAttemptLimit() {
        trunk(admin, "STRICT1", 4, null);
        carrier.callsPerSecond("STRICT1", 1);
        ApiClient tenant = admin.newTenant("refused-limit");
        // one call per number a day: a refused set-up tried again is the same call, not a second one
        tenant.put("/api/dialing-limits", Map.of("maxCallsPerContactPerDay", 1)).expect(200);
        String journey = journeyOnTrunk(tenant, "STRICT1", "strict1", 14155550000L, 2);

        JsonNode campaign = campaign(tenant, journey, contacts(14165550000L, 6));
        JsonNode done = finished(tenant, campaign.get("id").asString(), Duration.ofSeconds(90));

        assertThat(done.get("completed").asLong()).as(done.toString()).isEqualTo(6);
        assertThat(onTrunk("STRICT1").stream().collect(Collectors.groupingBy(AmiPeer.Originated::destination,
                Collectors.counting())).values()).as("some set-ups were refused and tried again")
                .anyMatch(setUps -> setUps > 1);
    }

    private List<AmiPeer.Originated> onTrunk(String trunk) {
        return carrier.originates().stream().filter(o -> o.trunk().equals(trunk)).toList();
    }
}
