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

import io.didpool.asterisk.AmiPeer;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private List<AmiPeer.Originated> onTrunk(String trunk) {
        return carrier.originates().stream().filter(o -> o.trunk().equals(trunk)).toList();
    }
}
