package io.didpool.dialing;

import static io.didpool.dialing.DialingInstances.as;
import static io.didpool.dialing.DialingInstances.campaign;
import static io.didpool.dialing.DialingInstances.contacts;
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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The instance running a campaign stops mid-way; the next one finishes it, calling nobody twice. */
class DialingRestartTest {

    @Test
    void aCampaignInterruptedByARestartIsFinishedByTheNextInstanceAndNobodyIsCalledTwice() {
        String database = TestDatabase.newDatabase("dialing_restart");
        try (AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofMillis(200), Duration.ofMillis(300))) {
            ConfigurableApplicationContext first = start(database, carrier);
            ApiClient admin = ApiClient.admin(first);
            trunk(admin, "RESTART", 5, null);
            ApiClient tenant = admin.newTenant("restart");
            String journey = journeyOnTrunk(tenant, "RESTART", "restart", 14155590000L, 2);
            String campaign = campaign(tenant, journey, contacts(14165590000L, 30)).get("id").asString();
            await().atMost(Duration.ofSeconds(30)).until(() -> carrier.originates().size() >= 8);
            first.close();
            int beforeRestart = carrier.originates().size();
            assertThat(beforeRestart).as("the stopped instance's calls").isLessThan(30);

            try (ConfigurableApplicationContext next = start(database, carrier)) {
                JsonNode done = finished(as(next, tenant), campaign, Duration.ofSeconds(90));
                assertThat(done.get("completed").asLong() + done.get("failed").asLong()).isEqualTo(30);
                assertThat(done.get("status").asString()).isEqualTo("DONE");
            }
            Map<String, Long> setUps = carrier.originates().stream()
                    .collect(Collectors.groupingBy(AmiPeer.Originated::destination, Collectors.counting()));
            assertThat(setUps).hasSize(30);
            assertThat(setUps.values()).as("set-ups per contact").containsOnly(1L);
        }
    }

    /**
     * An instance that took its slots 10 s ahead stops with calls it holds, their DIDs chosen, whose Originates had
     * not left: it ends them as interrupted and gives their uses back, while the calls it sent keep theirs.
     */
    @Test
    void callsAStoppingInstanceHeldButNeverSentGiveTheirUsesBackAndTheCallsSentKeepTheirs() {
        String database = TestDatabase.newDatabase("dialing_stop_uses");
        try (AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofSeconds(90), Duration.ofSeconds(1))) {
            ConfigurableApplicationContext first = start(database, carrier, "--didpool.dialing.lookahead=10s",
                    "--didpool.dialing.shutdown-max-wait=1s", "--didpool.asterisk.ring-timeout=120s");
            ApiClient admin = ApiClient.admin(first);
            trunk(admin, "STOPPING", 0.5, null);
            ApiClient tenant = admin.newTenant("stopping");
            String journey = journeyOnTrunk(tenant, "STOPPING", "stopping", 14155620000L, 3);
            campaign(tenant, journey, contacts(14165620000L, 8));
            await().atMost(Duration.ofSeconds(30)).until(() -> carrier.originates().size() >= 2);
            long held = jdbc(first).sql("SELECT count(*) FROM calls WHERE state = 'DIALING'").query(Long.class)
                    .single();
            first.close();
            int sent = carrier.originates().size();
            assertThat(held).as("calls it held, their DIDs chosen, more than it sent").isGreaterThan(sent);

            try (ConfigurableApplicationContext reader = start(database, carrier, "--didpool.dialing.worker=false")) {
                JdbcClient db = jdbc(reader);
                assertThat(db.sql("SELECT count(*) FROM calls WHERE state = 'DIALING'").query(Long.class).single())
                        .as("all ended by the stop").isZero();
                assertThat(db.sql("SELECT sum(usage_count) FROM asterisk_dids WHERE trunk = 'STOPPING'")
                        .query(Long.class).single()).as("uses counted").isEqualTo(sent);
                assertThat(db.sql("""
                                SELECT count(*) FROM did_calls c JOIN asterisk_dids d ON d.id = c.did_id
                                 WHERE d.trunk = 'STOPPING'""").query(Long.class).single())
                        .as("calls kept for caps").isEqualTo(sent);
            }
            assertThat(carrier.originates()).as("nothing sent after the stop").hasSize(sent);
        }
    }
}
