package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Nothing per pool outlives its use: segment names are chosen by tenants, without bound. */
class PoolDispatcherLifetimeTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;

    @Test
    void allocatingOnThousandsOfDistinctUnknownSegmentsLeavesNoDispatcherBehind() throws Exception {
        ApiClient tenant = newTenant();
        int segments = 3000;
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
                String segment = "never-created-" + i;
                answers.add(clients.submit(() -> tenant.post("/api/asterisk-dids/allocate",
                        Map.of("segment", segment)).status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(409);
            }
        } finally {
            clients.shutdownNow();
        }
        // each dispatcher leaves right after answering its last request
        await().atMost(Duration.ofSeconds(30)).until(() -> allocations.activePools() == 0);
    }
}
