package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.OwnClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Calls wait for the callee's calling hours, on the dry-run dialer with a clock the tests set: a call outside its
 * window is queued, shown waiting (for which zone, until when) and starts when the window opens; when a window closes
 * no set-up starts any more, calls in progress finish and the rest wait for the next opening. The clock is set just
 * before the instant that matters, so that a window opens or closes a few seconds of real time later.
 */
@OwnClock
class CallingHoursDialingTest extends IntegrationTest {

    private static final String NEW_YORK = "America/New_York";
    private static final String LOS_ANGELES = "America/Los_Angeles";

    @Autowired
    JdbcClient jdbc;

    @Test
    void callsOutsideTheirWindowWaitSayingForWhichZoneAndUntilWhen() {
        // Wednesday 2027-03-10, 07:30 in New York (EST), 04:30 in Los Angeles: both closed
        OwnClock.CLOCK.set(Instant.parse("2027-03-10T12:30:00Z"));
        ApiClient tenant = newTenant();
        String journey = journey(tenant, "+12125559001");
        String campaign = campaign(tenant, journey, "+12125550101", "+13105550102");

        JsonNode view = tenant.get("/api/campaigns/" + campaign).expect(200).json();
        assertThat(view.get("waiting").asLong()).isEqualTo(2);
        assertThat(view.get("waitingByReason").get("CALLING_HOURS").asLong()).isEqualTo(2);
        assertThat(view.get("waitingByReason").get("ATTEMPT_LIMIT").asLong()).isZero();
        assertThat(view.get("queued").asLong()).isEqualTo(2);
        Map<String, JsonNode> waiting = waitingFor(tenant, campaign);
        assertThat(waiting.get("+12125550101").get("reason").asString()).isEqualTo("CALLING_HOURS");
        assertThat(waiting.get("+12125550101").get("until").asString()).isEqualTo("2027-03-10T13:00:00Z");
        assertThat(waiting.get("+12125550101").get("timeZone").asString()).isEqualTo(NEW_YORK);
        assertThat(waiting.get("+13105550102").get("until").asString()).isEqualTo("2027-03-10T16:00:00Z");
        assertThat(waiting.get("+13105550102").get("timeZone").asString()).isEqualTo(LOS_ANGELES);
        assertThat(dialled(campaign)).as("nothing starts outside its window").isZero();

        // the way out of waiting that is not the window opening: cancelling
        tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200);
        assertThat(tenant.get("/api/campaigns/" + campaign).expect(200).json().get("cancelled").asLong())
                .isEqualTo(2);
    }

    @Test
    void aWaitingCallStartsWhenItsWindowOpens() {
        // 07:59:57 in New York: the window opens 3 s from now
        OwnClock.CLOCK.set(Instant.parse("2027-03-10T12:59:57Z"));
        ApiClient tenant = newTenant();
        String campaign = campaign(tenant, journey(tenant, "+12125559002"), "+12125550201");
        assertThat(tenant.get("/api/campaigns/" + campaign).expect(200).json().get("waiting").asLong())
                .isEqualTo(1);

        awaitStarted(tenant, campaign, 1);
        Map<String, Object> call = call(campaign, "+12125550201");
        assertThat((java.sql.Timestamp) call.get("claimed_at"))
                .as("claimed once its window opened, not before").isAfterOrEqualTo((java.sql.Timestamp) call.get("ready_at"));
    }

    @Test
    void aLargeCampaignsCallsAreReadyWhenTheirWindowOpensNotEarlierByTheTimeItTookToQueueThem() {
        // 60 s before 08:00 in New York; queueing 10,000 executions takes a second or more of one transaction
        OwnClock.CLOCK.set(Instant.parse("2027-03-10T12:59:00Z"));
        ApiClient tenant = newTenant();
        String journey = journey(tenant, "+12125559009");
        long analyzedBefore = analyzed();
        String[] contacts = new String[10_000];
        for (int i = 0; i < contacts.length; i++) {
            contacts[i] = "+1212" + (2_000_000 + i);
        }
        String campaign = campaign(tenant, journey, contacts);

        Instant onClock = OwnClock.CLOCK.instant();
        Instant inDatabase = jdbc.sql("SELECT clock_timestamp()").query(java.sql.Timestamp.class).single()
                .toInstant();
        Instant opensInDatabase = inDatabase.plus(Duration.between(onClock, Instant.parse("2027-03-10T13:00:00Z")));
        Instant earliest = jdbc.sql("SELECT min(ready_at) FROM calls WHERE flow_id = :campaign")
                .param("campaign", UUID.fromString(campaign)).query(java.sql.Timestamp.class).single().toInstant();
        assertThat(earliest).as("08:00 in New York, in the database's time (give or take the test's own reads)")
                .isAfter(opensInDatabase.minusMillis(50));
        // so many calls at once refresh the planner's statistics of calls with them (DialQueue.ANALYZE_AFTER)
        await().atMost(Duration.ofSeconds(5)).until(() -> analyzed() > analyzedBefore);
        tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200);
    }

    @Test
    void whenAWindowClosesCallsInProgressFinishAndNoOtherStarts() {
        // one set-up per second; 20:59:56 in New York: four seconds of window left for ten contacts
        admin().put("/api/admin/trunks/HOURS1CPS", Map.of("callsPerSecond", 1)).expect(200);
        OwnClock.CLOCK.set(Instant.parse("2027-01-14T01:59:56Z"));
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+12125559003", "segment", "outbound",
                "trunk", "HOURS1CPS")).expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "closing", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "outbound"))))).expect(201).json()
                .get("id").asString();
        String[] contacts = new String[10];
        for (int i = 0; i < contacts.length; i++) {
            contacts[i] = "+1212555031" + i;
        }
        String campaign = campaign(tenant, journey, contacts);

        JsonNode settled = await().atMost(Duration.ofSeconds(30)).until(
                () -> tenant.get("/api/campaigns/" + campaign).expect(200).json(),
                c -> c.get("running").asLong() == 0 && c.get("waiting").asLong() > 0
                        && c.get("completed").asLong() + c.get("waiting").asLong() == 10);
        long completed = settled.get("completed").asLong();
        assertThat(completed).as("calls started before the close, and finished after it").isBetween(2L, 6L);
        List<Map<String, Object>> started = jdbc.sql("""
                        SELECT claimed_at, window_closes_at FROM calls
                         WHERE flow_id = :campaign AND claimed_at IS NOT NULL""")
                .param("campaign", UUID.fromString(campaign)).query().listOfRows();
        assertThat(started).hasSize((int) completed).allSatisfy(row -> assertThat(
                (java.sql.Timestamp) row.get("claimed_at")).as("no set-up after the window closed")
                .isBefore((java.sql.Timestamp) row.get("window_closes_at")));
        assertThat(waitingFor(tenant, campaign).values()).hasSize(10 - (int) completed).allSatisfy(w -> {
            assertThat(w.get("until").asString()).as("08:00 EST the next morning").isEqualTo("2027-01-14T13:00:00Z");
            assertThat(w.get("timeZone").asString()).isEqualTo(NEW_YORK);
        });
        tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200);
    }

    @Test
    void bothDaylightSavingChangesOf2027MoveTheOpeningInUtc() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant, "+12125559004");
        // 01:00 EST on the morning clocks go forward: 08:00 is EDT, 12:00 UTC
        OwnClock.CLOCK.set(Instant.parse("2027-03-14T06:00:00Z"));
        String spring = campaign(tenant, journey, "+12125550401");
        // 01:30 EDT on the morning clocks go back: 08:00 is EST, 13:00 UTC
        OwnClock.CLOCK.set(Instant.parse("2027-11-07T05:30:00Z"));
        String autumn = campaign(tenant, journey, "+12125550402");

        assertThat(waitingFor(tenant, spring).get("+12125550401").get("until").asString())
                .isEqualTo("2027-03-14T12:00:00Z");
        assertThat(waitingFor(tenant, autumn).get("+12125550402").get("until").asString())
                .isEqualTo("2027-11-07T13:00:00Z");
        tenant.post("/api/campaigns/" + spring + "/cancel", Map.of()).expect(200);
        tenant.post("/api/campaigns/" + autumn + "/cancel", Map.of()).expect(200);
    }

    @Test
    void aStateOverrideAndADateWithNoCallsAreKept() {
        ApiClient tenant = newTenant();
        Map<String, Object> hours = hours("08:00", "21:00");
        hours.put("regions", Map.of("FL", Map.of("days", days("08:00", "20:00"))));
        hours.put("closedDates", List.of("2027-03-17"));
        tenant.put("/api/calling-hours", hours).expect(200);
        String journey = journey(tenant, "+12125559005");

        // Wednesday 20:30 EST: Florida (Miami) is closed by its own law, Georgia (Atlanta) is not
        OwnClock.CLOCK.set(Instant.parse("2027-03-11T01:30:00Z"));
        String evening = campaign(tenant, journey, "+13055550501", "+14045550502");
        awaitStarted(tenant, evening, 1);
        assertThat(waitingFor(tenant, evening).get("+13055550501").get("until").asString())
                .isEqualTo("2027-03-11T13:00:00Z");
        assertThat(call(evening, "+14045550502").get("claimed_at")).isNotNull();

        // 11:00 EDT on 2027-03-17, a date with no calls: the next opening is the 18th at 08:00 EDT
        OwnClock.CLOCK.set(Instant.parse("2027-03-17T15:00:00Z"));
        String closedDay = campaign(tenant, journey, "+12125550503");
        assertThat(waitingFor(tenant, closedDay).get("+12125550503").get("until").asString())
                .isEqualTo("2027-03-18T12:00:00Z");
        tenant.post("/api/campaigns/" + evening + "/cancel", Map.of()).expect(200);
        tenant.post("/api/campaigns/" + closedDay + "/cancel", Map.of()).expect(200);
    }

    @Test
    void changedHoursApplyToCallsAlreadyWaiting() {
        OwnClock.CLOCK.set(Instant.parse("2027-03-10T12:30:00Z"));
        ApiClient tenant = newTenant();
        String campaign = campaign(tenant, journey(tenant, "+12125559006"), "+12125550601");
        assertThat(waitingFor(tenant, campaign)).containsKey("+12125550601");

        // 07:30 in New York is inside 07:00-21:00: the waiting call goes at once
        tenant.put("/api/calling-hours", hours("07:00", "21:00")).expect(200);
        awaitStarted(tenant, campaign, 1);
    }

    @Test
    void aCampaignsOwnHoursReplaceItsTenants() {
        OwnClock.CLOCK.set(Instant.parse("2027-03-10T12:30:00Z"));
        ApiClient tenant = newTenant();
        String journey = journey(tenant, "+12125559007");
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "early",
                "contacts", List.of(Map.of("phoneNumber", "+12125550701")),
                "callingHours", hours("07:00", "21:00"))).expect(201).json().get("id").asString();
        awaitStarted(tenant, campaign, 1);
    }

    @Test
    void aNumberWithNoKnownZoneIsRefusedWhenTheTenantSaysSo() {
        OwnClock.CLOCK.set(Instant.parse("2027-03-10T18:00:00Z"));
        ApiClient tenant = newTenant();
        Map<String, Object> hours = hours("08:00", "21:00");
        hours.put("timeZoneUnknown", "REFUSE");
        tenant.put("/api/calling-hours", hours).expect(200);
        String journey = journey(tenant, "+12125559008");
        // a non-geographic (toll-free) number: no time zone of its own
        String campaign = campaign(tenant, journey, "+18005550801");
        JsonNode done = await().atMost(Duration.ofSeconds(20)).until(
                () -> tenant.get("/api/campaigns/" + campaign).expect(200).json(),
                c -> c.get("status").asString().equals("DONE"));
        assertThat(done.get("failed").asLong()).isEqualTo(1);
        assertThat(call(campaign, "+18005550801").get("claimed_at")).as("never dialled").isNull();
    }

    /** Waits until {@code calls} of the campaign's calls have started (in progress or ended). */
    private static void awaitStarted(ApiClient tenant, String campaign, long calls) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode c = tenant.get("/api/campaigns/" + campaign).expect(200).json();
            return c.get("running").asLong() + c.get("completed").asLong() == calls;
        });
    }

    /** What each waiting execution of the campaign waits for, by contact. */
    private static Map<String, JsonNode> waitingFor(ApiClient tenant, String campaign) {
        Map<String, JsonNode> waiting = new LinkedHashMap<>();
        for (JsonNode execution : tenant.get("/api/campaigns/" + campaign + "/executions?size=100").expect(200)
                .json().get("items")) {
            for (JsonNode step : execution.get("steps")) {
                if (step.get("status").asString().equals("WAITING")) {
                    waiting.put(execution.get("contact").get("phoneNumber").asString(), step.get("waitingFor"));
                }
            }
        }
        return waiting;
    }

    /** How many times calls has been analyzed by hand (the statistics collector reports it within a moment). */
    private long analyzed() {
        return jdbc.sql("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'calls'").query(Long.class)
                .single();
    }

    private long dialled(String campaign) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE flow_id = :campaign AND claimed_at IS NOT NULL")
                .param("campaign", UUID.fromString(campaign)).query(Long.class).single();
    }

    private Map<String, Object> call(String campaign, String destination) {
        return jdbc.sql("SELECT claimed_at, ready_at FROM calls WHERE flow_id = :campaign AND destination = :to")
                .param("campaign", UUID.fromString(campaign))
                .param("to", destination)
                .query().singleRow();
    }

    /** Every day from {@code start} to {@code end}, unknown zones at the strictest US window. */
    static Map<String, Object> hours(String start, String end) {
        Map<String, Object> hours = new HashMap<>();
        hours.put("timeZoneUnknown", "STRICTEST");
        hours.put("days", days(start, end));
        hours.put("regions", Map.of());
        hours.put("closedDates", List.of());
        return hours;
    }

    private static Map<String, Object> days(String start, String end) {
        Map<String, Object> days = new LinkedHashMap<>();
        for (String day : List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")) {
            days.put(day, Map.of("start", start, "end", end));
        }
        return days;
    }

    private static String campaign(ApiClient tenant, String journey, String... contacts) {
        return tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "hours " + UUID.randomUUID(),
                "contacts", java.util.Arrays.stream(contacts).map(n -> Map.of("phoneNumber", n)).toList()))
                .expect(201).json().get("id").asString();
    }

    private static String journey(ApiClient tenant, String did) {
        tenant.post("/api/asterisk-dids", Map.of("number", did, "segment", "outbound")).expect(201);
        return tenant.post("/api/journeys", Map.of("name", "hours journey", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "outbound"))))).expect(201).json().get("id")
                .asString();
    }
}
