package io.didpool.dialing;

import static io.didpool.testsupport.ApiClient.admin;
import static io.didpool.dialing.DialingInstances.campaign;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What one instance does with a call it got a slot for, when the set-up cannot go as planned: it left too late, or
 * the carrier refuses it. One instance with the default three set-ups per call, dialling through an {@link AmiPeer}
 * that plays the carrier; each test uses a trunk of its own and waits for its calls to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallDispatcherTest {

    private final AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofMillis(100), Duration.ofMillis(100))
            .callsPerSecond("REFUSING", 0);
    private ConfigurableApplicationContext instance;
    private ApiClient admin;

    @BeforeAll
    void instance() {
        instance = start(TestDatabase.newDatabase("dispatcher"), carrier, "--didpool.dialing.max-attempts=3",
                "--didpool.dialing.retry-backoff=50ms");
        admin = admin(instance);
    }

    @AfterAll
    void stop() {
        instance.close();
        carrier.close();
    }

    @Test
    void aCallWhoseOriginateWouldLeaveLaterThanMaxLatenessGivesItsSlotBackAndIsPlacedOnceOnTheNextSlot() {
        trunk(admin, "LATE", 1, null);
        ApiClient tenant = admin.newTenant("late");
        String journey = journeyOnTrunk(tenant, "LATE", "late", 14155580000L, 1);
        CallDispatcher dispatcher = instance.getBean(CallDispatcher.class);
        AtomicInteger sends = new AtomicInteger();
        // the first Originate looks an hour late when it would leave, every later one is on time
        dispatcher.latenessClock(() -> System.nanoTime() + (sends.getAndIncrement() == 0 ? 3_600_000_000_000L : 0));
        JsonNode done;
        String campaign;
        try {
            campaign = campaign(tenant, journey, List.of("+14165580001")).get("id").asString();
            done = finished(tenant, campaign, Duration.ofSeconds(30));
        } finally {
            dispatcher.latenessClock(System::nanoTime);
        }

        assertThat(done.get("completed").asLong()).as(done.toString()).isEqualTo(1);
        assertThat(sends).as("the set-up that missed its slot, then the one on the next slot").hasValue(2);
        assertThat(onTrunk("LATE")).as("placed once").singleElement()
                .satisfies(o -> assertThat(o.fate()).isEqualTo(AmiPeer.Fate.ANSWERED));
        Map<String, Object> call = jdbc(instance).sql("""
                        SELECT state, outcome, attempts,
                               EXTRACT(EPOCH FROM slot_at - created_at) AS slot_after_queued
                          FROM calls WHERE trunk = 'LATE'""").query().singleRow();
        assertThat(call).containsEntry("state", "ENDED").containsEntry("outcome", "ANSWERED");
        assertThat(call.get("attempts")).as("the slot given back gave its attempt back").isEqualTo(1);
        // at 1 call per second (0.94 with the headroom) the next slot is 1.064 s after the first, which was taken
        // when the call was queued, at most catch-up (20 ms) in the past
        assertThat(((Number) call.get("slot_after_queued")).doubleValue()).as("it dialled on a later slot")
                .isGreaterThanOrEqualTo(1.0);
        JsonNode step = executions(tenant, campaign).get(0).get("steps").get(0);
        assertThat(step.get("outcome").asString()).isEqualTo("ANSWERED");
        assertThat(step.get("attempts").asInt()).isEqualTo(1);
        assertThat(uses("LATE")).as("one use, counted when its DID was chosen, kept through the missed slot")
                .isEqualTo(new Uses(1, 1));
    }

    @Test
    void aCallThatMissedItsSlotKeepsOneUseWhileItWaitsAndGivesItBackWhenCancelledWhileTheDialledCallKeepsIts() {
        trunk(admin, "LATECANCEL", 1, null);
        ApiClient tenant = admin.newTenant("late-cancel");
        String journey = journeyOnTrunk(tenant, "LATECANCEL", "late-cancel", 14155581000L, 2);
        String campaign = pausedWithACallHoldingItsDid(tenant, journey, "LATECANCEL",
                List.of("+14165581001", "+14165581002", "+14165581003"));
        Map<String, Object> waiting = jdbc(instance).sql("""
                SELECT count(*) AS calls, count(did_id) AS with_did, sum(attempts) AS attempts FROM calls
                 WHERE trunk = 'LATECANCEL' AND state = 'QUEUED'""").query().singleRow();
        assertThat(waiting).as("one call waits with its DID, never sent; one has no DID yet")
                .containsEntry("calls", 2L).containsEntry("with_did", 1L);
        assertThat(((Number) waiting.get("attempts")).longValue()).isZero();
        assertThat(uses("LATECANCEL")).as("the dialled call's use and the waiting call's one, however many"
                + " slots it missed").isEqualTo(new Uses(2, 2));

        tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200);

        assertThat(onTrunk("LATECANCEL")).as("only the first call was sent").hasSize(1);
        assertThat(uses("LATECANCEL")).as("the cancelled call's use is given back; the sent call's stays")
                .isEqualTo(new Uses(1, 1));
        Map<String, Object> dialled = jdbc(instance).sql("""
                        SELECT d.usage_count, d.last_call_seq, (SELECT count(*) FROM did_calls c WHERE c.did_id = d.id)
                               AS calls
                          FROM asterisk_dids d JOIN calls ON calls.did_id = d.id
                         WHERE calls.trunk = 'LATECANCEL' AND calls.state = 'ENDED'""").query().singleRow();
        assertThat(dialled).containsEntry("usage_count", 1L).containsEntry("last_call_seq", 1L)
                .containsEntry("calls", 1L);
        Map<String, Object> givenBack = jdbc(instance).sql("""
                        SELECT d.usage_count, d.last_call_seq, d.last_used_at, d.last_call_at, d.calls_hour_bound,
                               d.calls_day_bound, (SELECT count(*) FROM did_calls c WHERE c.did_id = d.id) AS calls,
                               (SELECT count(*) FROM sticky_caller_ids s WHERE s.did_id = d.id) AS sticky
                          FROM asterisk_dids d JOIN calls ON calls.did_id = d.id
                         WHERE calls.trunk = 'LATECANCEL' AND calls.state = 'CANCELLED'""").query().singleRow();
        assertThat(givenBack).as("as if it had never been chosen").containsEntry("usage_count", 0L)
                .containsEntry("last_call_seq", 0L).containsEntry("last_used_at", null)
                .containsEntry("last_call_at", null).containsEntry("calls_hour_bound", 0)
                .containsEntry("calls_day_bound", 0).containsEntry("calls", 0L).containsEntry("sticky", 0L);
        assertThat(tenant.get("/api/campaigns/" + campaign).expect(200).json().get("status").asString())
                .isEqualTo("CANCELLED");
    }

    /** A call that holds its DID (it missed its slot) and whose contact is suppressed meanwhile gives the use back. */
    @Test
    void aCallHoldingItsDidWhoseContactIsSuppressedEndsSuppressedAndGivesTheUseBack() {
        trunk(admin, "LATESUPPRESS", 1, null);
        ApiClient tenant = admin.newTenant("late-suppress");
        String journey = journeyOnTrunk(tenant, "LATESUPPRESS", "late-suppress", 14155582000L, 2);
        String campaign = pausedWithACallHoldingItsDid(tenant, journey, "LATESUPPRESS",
                List.of("+14165582001", "+14165582002", "+14165582003"));
        String waiting = jdbc(instance).sql("""
                SELECT destination FROM calls
                 WHERE trunk = 'LATESUPPRESS' AND state = 'QUEUED' AND did_id IS NOT NULL""")
                .query(String.class).single();
        assertThat(uses("LATESUPPRESS")).isEqualTo(new Uses(2, 2));
        tenant.put("/api/suppression/" + waiting, Map.of("reason", "asked not to be called")).expect(200);
        tenant.post("/api/campaigns/" + campaign + "/resume", Map.of()).expect(200);

        JsonNode done = finished(tenant, campaign, Duration.ofSeconds(30));
        assertThat(done.get("suppressed").asLong()).isEqualTo(1);
        assertThat(onTrunk("LATESUPPRESS")).extracting(AmiPeer.Originated::destination)
                .as("the suppressed contact is never dialled").hasSize(2).doesNotContain(waiting);
        Map<String, Object> call = jdbc(instance).sql("SELECT state, outcome, attempts FROM calls"
                + " WHERE trunk = 'LATESUPPRESS' AND destination = :d").param("d", waiting).query().singleRow();
        assertThat(call).containsEntry("state", "ENDED").containsEntry("outcome", "SUPPRESSED")
                .containsEntry("attempts", 0);
        assertThat(uses("LATESUPPRESS")).as("the two calls dialled, not the suppressed one").isEqualTo(new Uses(2, 2));
    }

    @Test
    void aSetUpTheCarrierAlwaysRefusesIsTriedMaxAttemptsTimesThenTheCallEndsAsCongestion() {
        trunk(admin, "REFUSING", 100, null);
        ApiClient tenant = admin.newTenant("refusing");
        String journey = journeyOnTrunk(tenant, "REFUSING", "refusing", 14155590000L, 1);

        String campaign = campaign(tenant, journey, List.of("+14165590001")).get("id").asString();
        JsonNode done = finished(tenant, campaign, Duration.ofSeconds(30));

        assertThat(onTrunk("REFUSING")).as("max-attempts set-ups, each refused").hasSize(3)
                .allSatisfy(o -> assertThat(o.fate()).isEqualTo(AmiPeer.Fate.REFUSED_OVER_CPS));
        Map<String, Object> call = jdbc(instance).sql("SELECT state, outcome, attempts FROM calls"
                + " WHERE trunk = 'REFUSING'").query().singleRow();
        assertThat(call).containsEntry("state", "ENDED").containsEntry("outcome", "CONGESTION")
                .containsEntry("attempts", 3);
        JsonNode step = executions(tenant, campaign).get(0).get("steps").get(0);
        assertThat(step.get("outcome").asString()).as(done.toString()).isEqualTo("CONGESTION");
        assertThat(step.get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void aCallWhoseDidNamesATrunkClosedToItsTenantEndsNotPlacedAndGivesTheUseOfItsDidBack() {
        trunk(admin, "CLOSING", 100, null);
        ApiClient tenant = admin.newTenant("closing");
        String journey = journeyOnTrunk(tenant, "CLOSING", "closing", 14155582000L, 1);
        // the DID named the trunk before the admin gave the trunk to another tenant only
        String other = admin.post("/api/admin/tenants", Map.of("name", "other-" + System.nanoTime())).expect(201)
                .json().get("id").asString();
        admin.put("/api/admin/trunks/CLOSING", Map.of("callsPerSecond", 100, "tenants", List.of(other)))
                .expect(200);

        String campaign = campaign(tenant, journey, List.of("+14165582001")).get("id").asString();
        JsonNode done = finished(tenant, campaign, Duration.ofSeconds(30));

        assertThat(done.get("failed").asLong()).as(done.toString()).isEqualTo(1);
        Map<String, Object> call = jdbc(instance).sql("SELECT outcome, did_id IS NOT NULL AS had_did FROM calls"
                + " WHERE trunk = 'CLOSING'").query().singleRow();
        assertThat(call).containsEntry("outcome", "NOT_PLACED").containsEntry("had_did", true);
        assertThat(onTrunk("CLOSING")).isEmpty();
        assertThat(uses("CLOSING")).as("the DID chosen for it, given back").isEqualTo(new Uses(0, 0));
    }

    /** The uses counted on the trunk's DIDs, and their calls. */
    /**
     * Starts a campaign of {@code contacts} on {@code trunk} (one call a second): its first call is sent, then every
     * Originate looks an hour late, so the next call misses its slots and waits again, queued with its DID; the
     * campaign is then paused (no call is taken any more) and the lateness clock put back.
     */
    private String pausedWithACallHoldingItsDid(ApiClient tenant, String journey, String trunk,
            List<String> contacts) {
        CallDispatcher dispatcher = instance.getBean(CallDispatcher.class);
        AtomicBoolean late = new AtomicBoolean();
        AtomicInteger missed = new AtomicInteger();
        // on time until the first call has been sent, then every Originate looks an hour late
        dispatcher.latenessClock(() -> {
            if (!late.get()) {
                return System.nanoTime();
            }
            missed.incrementAndGet();
            return System.nanoTime() + 3_600_000_000_000L;
        });
        try {
            String campaign = campaign(tenant, journey, contacts).get("id").asString();
            await().atMost(Duration.ofSeconds(30)).until(() -> onTrunk(trunk).size() == 1);
            late.set(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> missed.get() >= 3);
            tenant.post("/api/campaigns/" + campaign + "/pause", Map.of()).expect(200);
            // the call that missed its slots waits, queued with its DID, and is taken no more
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc(instance).sql(
                    "SELECT count(*) FROM calls WHERE trunk = :trunk AND state = 'DIALING'").param("trunk", trunk)
                    .query(Long.class).single() == 0);
            return campaign;
        } finally {
            dispatcher.latenessClock(System::nanoTime);
        }
    }

    private Uses uses(String trunk) {
        return jdbc(instance).sql("""
                        SELECT coalesce(sum(d.usage_count), 0) AS uses,
                               (SELECT count(*) FROM did_calls c JOIN asterisk_dids t ON t.id = c.did_id
                                 WHERE t.trunk = :trunk) AS calls
                          FROM asterisk_dids d WHERE d.trunk = :trunk""")
                .param("trunk", trunk)
                .query((rs, i) -> new Uses(rs.getLong("uses"), rs.getLong("calls")))
                .single();
    }

    private record Uses(long uses, long calls) {
    }

    private List<AmiPeer.Originated> onTrunk(String trunk) {
        return carrier.originates().stream().filter(o -> o.trunk().equals(trunk)).toList();
    }
}
