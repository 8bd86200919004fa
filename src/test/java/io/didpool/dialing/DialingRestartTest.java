package io.didpool.dialing;

import static io.didpool.dialing.DialingInstances.as;
import static io.didpool.dialing.DialingInstances.campaign;
import static io.didpool.dialing.DialingInstances.contacts;
import static io.didpool.dialing.DialingInstances.finished;
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
}
