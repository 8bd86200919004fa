package io.didpool.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.didpool.asterisk.CallStatus;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.OwnClock;
import io.didpool.testsupport.ScriptedCallees;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A campaign's progress in time, with real dry-run calls whose callees are scripted ({@link ScriptedCallees}): when
 * it started and finished, its set-ups per second over the last minute, when its queued calls will have started at
 * that pace, and its calls by the DID they were placed from.
 */
@OwnClock
class CampaignProgressTest extends IntegrationTest {

    /** Wednesday 2027-03-10, 12:00 in New York: inside the shipped calling hours. */
    private static final Instant NOON_NEW_YORK = Instant.parse("2027-03-10T17:00:00Z");

    @Test
    void aFinishedCampaignShowsWhenItStartedAndFinishedItsPaceAndItsCallsByDid() {
        OwnClock.CLOCK.set(NOON_NEW_YORK);
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+12125559501", "segment", "progress")).expect(201);
        tenant.post("/api/asterisk-dids", Map.of("number", "+12125559502", "segment", "progress")).expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "progress", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "progress"))))).expect(201).json()
                .get("id").asString();
        List<Map<String, String>> contacts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String number = "+1212555150" + i;
            // the first three answer, the others ring out; rotation alternates the two DIDs
            ScriptedCallees.script(number, i < 3 ? CallStatus.ANSWERED : CallStatus.NO_ANSWER);
            contacts.add(Map.of("phoneNumber", number));
        }
        JsonNode created = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "progress",
                "contacts", contacts)).expect(201).json();
        assertThat(created.get("finishedAt").isNull()).isTrue();
        assertThat(created.get("recycle")).isEmpty();
        String id = created.get("id").asString();

        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(
                () -> tenant.get("/api/campaigns/" + id).expect(200).json(),
                c -> c.get("status").asString().equals("DONE"));
        Instant createdAt = Instant.parse(done.get("createdAt").asString());
        Instant startedAt = Instant.parse(done.get("startedAt").asString());
        Instant finishedAt = Instant.parse(done.get("finishedAt").asString());
        assertThat(startedAt).isAfterOrEqualTo(createdAt).isBefore(finishedAt);
        assertThat(Duration.between(startedAt, finishedAt)).as("the answered calls last 3 s")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(done.get("setupsPerSecond").asDouble()).as("6 set-ups in the last minute").isEqualTo(0.1);
        assertThat(done.get("eta").isNull()).as("nothing left").isTrue();
        assertThat(done.get("recycled").asLong()).isZero();
        assertThat(tenant.get("/api/campaigns/" + id).expect(200).json().get("finishedAt").asString())
                .as("kept as first seen").isEqualTo(done.get("finishedAt").asString());

        JsonNode dids = tenant.get("/api/campaigns/" + id + "/dids").expect(200).json().get("items");
        assertThat(dids).hasSize(2);
        long calls = 0;
        long answered = 0;
        for (JsonNode did : dids) {
            assertThat(did.get("did").asString()).isIn("+12125559501", "+12125559502");
            calls += did.get("calls").asLong();
            answered += did.get("answered").asLong();
            assertThat(did.get("answerRate").asDouble())
                    .isCloseTo((double) did.get("answered").asLong() / did.get("calls").asLong(), within(0.001));
        }
        assertThat(calls).isEqualTo(6);
        assertThat(answered).isEqualTo(3);
        assertThat(dids.get(0).get("calls").asLong()).as("most calls first")
                .isGreaterThanOrEqualTo(dids.get(1).get("calls").asLong());
        assertThat(newTenant().get("/api/campaigns/" + id + "/dids").status()).isEqualTo(404);
    }

    @Test
    void aRunningCampaignShowsItsPaceAndWhenItsQueuedCallsWillHaveStarted() {
        OwnClock.CLOCK.set(NOON_NEW_YORK);
        admin().put("/api/admin/trunks/PROGRESS1", Map.of("callsPerSecond", 1)).expect(200);
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+12125559601", "segment", "paced",
                "trunk", "PROGRESS1")).expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "paced", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "paced"))))).expect(201).json()
                .get("id").asString();
        List<Map<String, String>> contacts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            contacts.add(Map.of("phoneNumber", "+1212555160" + (char) ('0' + i / 10) + (i % 10)));
        }
        String id = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "paced",
                "contacts", contacts)).expect(201).json().get("id").asString();

        JsonNode running = await().atMost(Duration.ofSeconds(20)).until(
                () -> tenant.get("/api/campaigns/" + id).expect(200).json(),
                c -> c.get("setupsPerSecond").asDouble() >= 3 / 60.0);
        assertThat(running.get("status").asString()).isEqualTo("RUNNING");
        assertThat(running.get("startedAt").isNull()).isFalse();
        assertThat(running.get("finishedAt").isNull()).isTrue();
        double perSecond = running.get("setupsPerSecond").asDouble();
        long queued = running.get("queued").asLong();
        assertThat(queued).isPositive();
        Instant eta = Instant.parse(running.get("eta").asString());
        // at one set-up per second over a few seconds, the last minute's pace is far below the trunk's: the queued
        // calls take queued / perSecond seconds from now (the database's clock, as startedAt)
        Instant started = Instant.parse(running.get("startedAt").asString());
        Duration expected = Duration.ofSeconds(Math.round(queued / perSecond));
        assertThat(Duration.between(started, eta)).isBetween(expected.minusSeconds(5), expected.plusSeconds(30));
        tenant.post("/api/campaigns/" + id + "/cancel", Map.of()).expect(200);
        JsonNode cancelled = tenant.get("/api/campaigns/" + id).expect(200).json();
        assertThat(cancelled.get("eta").isNull()).as("not running").isTrue();
    }
}
