package io.didpool.allocation;

import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Nothing per pool outlives its use: segment names are chosen by tenants, without bound. */
class PoolDispatcherLifetimeTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;
    @Autowired
    JdbcClient jdbc;

    @Test
    void allocatingOnThousandsOfDistinctUnknownSegmentsLeavesNoDispatcherBehind() throws Exception {
        TenantId tenant = tenant(jdbc);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Throwable>> refusals = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                String segment = "never-created-" + i;
                refusals.add(callers.submit(() -> catchThrowable(() ->
                        allocations.allocate(tenant, AllocationRequest.rotation(segment, null)))));
            }
            for (Future<Throwable> refusal : refusals) {
                // each went through its pool, found nothing, and is then answered as a segment that does not exist
                assertThat(refusal.get()).isInstanceOf(io.didpool.api.DomainException.UnresolvedReference.class)
                        .hasMessageContaining("no segment named 'never-created-");
            }
        } finally {
            callers.shutdownNow();
        }
        // each dispatcher leaves right after answering its last request
        await().atMost(Duration.ofSeconds(30)).until(() -> allocations.activePools() == 0);
    }
}
