package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.asterisk.AmiPeer;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.ServiceProcess;
import io.didpool.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An instance in a process of its own is killed with SIGKILL while its calls ring. The survivor ends them as
 * interrupted within {@code reviveAfter} (plus a heartbeat): their steps fail saying so, and nobody is called twice.
 */
class CallRevivalTest {

    private static final Duration REVIVE_AFTER = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void theCallsOfAKilledInstanceAreEndedAsInterruptedByTheSurvivorAndNeverDialledAgain() throws Exception {
        String database = TestDatabase.newDatabase("revival");
        try (AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofSeconds(90), Duration.ofSeconds(1))) {
            ServiceProcess doomed = doomed(database, carrier, Map.of());
            ApiClient admin = doomed.api();
            admin.put("/api/admin/trunks/RING", Map.of("callsPerSecond", 100)).expect(200);
            ApiClient tenant = admin.newTenant("revival");
            String journey = DialingInstances.journeyOnTrunk(tenant, "RING", "ring", 14155600000L, 2);
            String campaign = DialingInstances.campaign(tenant, journey,
                    DialingInstances.contacts(14165600000L, 5)).get("id").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> carrier.originates().size() == 5);

            doomed.kill();
            ConfigurableApplicationContext survivor = DialingInstances.start(database, carrier,
                    "--didpool.dialing.revive-after=" + REVIVE_AFTER.toMillis() + "ms",
                    "--didpool.dialing.heartbeat=1s");
            try {
                ApiClient viaSurvivor = DialingInstances.as(survivor, tenant);
                JsonNode done = DialingInstances.finished(viaSurvivor, campaign, Duration.ofSeconds(60));
                assertThat(done.get("failed").asLong()).as(done.toString()).isEqualTo(5);
                for (JsonNode execution : DialingInstances.executions(viaSurvivor, campaign)) {
                    JsonNode step = execution.get("steps").get(0);
                    assertThat(step.get("status").asString()).isEqualTo("FAILED");
                    assertThat(step.get("error").asString()).startsWith("interrupted: the instance dialling it"
                            + " stopped before its end was known");
                    assertThat(step.get("did").isNull()).as("the DID it was dialled with is known").isFalse();
                }
            } finally {
                survivor.close();
            }
            Map<String, Long> setUps = carrier.originates().stream()
                    .collect(Collectors.groupingBy(AmiPeer.Originated::destination, Collectors.counting()));
            assertThat(setUps.values()).as("nobody is called twice").containsOnly(1L).hasSize(5);
        }
    }

    /**
     * The killed instance took its slots 10 s ahead, so it held calls with their DIDs whose Originates were seconds
     * away. It is killed between two set-ups (a 0.5 call/s trunk: 2.1 s apart), well after the last one's mark
     * committed: after revival, the uses counted equal the Originates the carrier received (witnessed outside the
     * killed process), and only those calls keep a DID's call.
     */
    @Test
    void theUsesOfCallsAKilledInstanceHeldButNeverSentAreGivenBackSoUsageCountsTheOriginatesSent() throws Exception {
        String database = TestDatabase.newDatabase("revival_uses");
        try (AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofSeconds(90), Duration.ofSeconds(1))) {
            ServiceProcess doomed = doomed(database, carrier, Map.of("DIDPOOL_DIALING_LOOKAHEAD", "10s"));
            ApiClient admin = doomed.api();
            admin.put("/api/admin/trunks/SLOW", Map.of("callsPerSecond", 0.5)).expect(200);
            ApiClient tenant = admin.newTenant("revival-uses");
            String journey = DialingInstances.journeyOnTrunk(tenant, "SLOW", "slow", 14155610000L, 3);
            DialingInstances.campaign(tenant, journey, DialingInstances.contacts(14165610000L, 8));
            await().atMost(Duration.ofSeconds(60)).until(() -> carrier.originates().size() >= 2);
            Thread.sleep(500);
            doomed.kill();
            int sent = carrier.originates().size();

            // no dialling here: only revival runs, so every Originate sent was the killed instance's
            ConfigurableApplicationContext survivor = DialingInstances.start(database, carrier,
                    "--didpool.dialing.revive-after=" + REVIVE_AFTER.toMillis() + "ms",
                    "--didpool.dialing.heartbeat=1s", "--didpool.dialing.worker=false");
            try {
                JdbcClient db = DialingInstances.jdbc(survivor);
                assertThat(db.sql("SELECT count(*) FROM calls WHERE did_id IS NOT NULL").query(Long.class).single())
                        .as("calls that got a DID and a slot, more than were sent").isGreaterThan(sent);
                await().atMost(Duration.ofSeconds(60)).until(() -> db.sql(
                        "SELECT count(*) FROM calls WHERE state = 'DIALING'").query(Long.class).single() == 0);
                Map<String, Object> uses = db.sql("""
                                SELECT sum(d.usage_count) AS uses,
                                       (SELECT count(*) FROM did_calls c JOIN asterisk_dids t ON t.id = c.did_id
                                         WHERE t.trunk = 'SLOW') AS calls
                                  FROM asterisk_dids d WHERE d.trunk = 'SLOW'""").query().singleRow();
                assertThat(((Number) uses.get("uses")).longValue()).as("uses counted").isEqualTo(sent);
                assertThat(((Number) uses.get("calls")).longValue()).as("calls kept for caps").isEqualTo(sent);
                assertThat(db.sql("SELECT count(*) FROM calls WHERE originated_at IS NOT NULL").query(Long.class)
                        .single()).as("calls marked sent").isEqualTo(sent);
            } finally {
                survivor.close();
            }
            assertThat(carrier.originates()).as("nothing sent after the kill").hasSize(sent);
        }
    }

    /** The instance to be killed: a process of its own on {@code database}, dialling through {@code carrier}. */
    private ServiceProcess doomed(String database, AmiPeer carrier, Map<String, String> extra) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "DIDPOOL_DB_URL", database,
                "DIDPOOL_DATA_DIR", dir.resolve("doomed").toString(),
                "DIDPOOL_AMI_HOST", "127.0.0.1",
                "DIDPOOL_AMI_PORT", String.valueOf(carrier.port()),
                "DIDPOOL_AMI_USERNAME", AmiPeer.USERNAME,
                "DIDPOOL_AMI_PASSWORD", AmiPeer.PASSWORD,
                "DIDPOOL_ASTERISK_RING_TIMEOUT", "120s",
                "DIDPOOL_DIALING_HEARTBEAT", "1s"));
        environment.putAll(extra);
        return ServiceProcess.start(environment, dir.resolve("doomed.log"));
    }
}
