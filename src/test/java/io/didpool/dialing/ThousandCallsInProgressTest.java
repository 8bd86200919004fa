package io.didpool.dialing;

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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** One instance with two dialling threads carries a thousand calls at once: a call in progress holds no thread. */
class ThousandCallsInProgressTest {

    @Test
    void oneInstanceWithTwoDiallingThreadsCarriesAThousandCallsAtOnce() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofSeconds(8), Duration.ofSeconds(2));
                ConfigurableApplicationContext instance = start(TestDatabase.newDatabase("thousand"), carrier,
                        "--didpool.dialing.threads=2", "--didpool.asterisk.ring-timeout=30s")) {
            ApiClient admin = ApiClient.admin(instance);
            trunk(admin, "BIG", 1000, null);
            ApiClient tenant = admin.newTenant("thousand");
            String journey = journeyOnTrunk(tenant, "BIG", "big", 14155580000L, 10);
            int before = threads.getThreadCount();

            JsonNode campaign = campaign(tenant, journey, contacts(14165580000L, 1000));
            await().atMost(Duration.ofSeconds(60)).until(() -> inProgress(instance) == 1000);
            int during = threads.getThreadCount();
            JsonNode done = finished(tenant, campaign.get("id").asString(), Duration.ofSeconds(120));

            assertThat(done.get("completed").asLong()).as(done.toString()).isEqualTo(1000);
            assertThat(carrier.maxInProgress("BIG")).isEqualTo(1000);
            assertThat(during - before).as("threads added while 1,000 calls were in progress").isLessThan(20);
        }
    }

    private static long inProgress(ConfigurableApplicationContext instance) {
        return jdbc(instance).sql("SELECT count(*) FROM calls WHERE trunk = 'BIG' AND state = 'DIALING'")
                .query(Long.class).single();
    }
}
