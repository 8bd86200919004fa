package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch lingers, after the previous batch's answers, for as many requests as that batch answered: callers that ask
 * again a little after their answer go in the next batch instead of in one more. No database: the batches are
 * recorded, not run.
 */
class PoolDispatcherLingerTest {

    private static final Pool POOL = new Pool(new TenantId(UUID.randomUUID()), "linger");
    private static final int CALLERS = 4;
    private static final int ROUNDS = 20;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstRequests = new CountDownLatch(CALLERS);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void callersWhoAskAgainWithinTheLingerGoTogetherInTheNextBatch() throws Exception {
        runCallers(Duration.ofMillis(500));

        assertThat(sizes).containsOnly(CALLERS);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(CALLERS * ROUNDS);
    }

    @Test
    void withoutLingerTheLateCallersMissTheBatchAndWaitForTheNext() throws Exception {
        runCallers(Duration.ZERO);

        assertThat(sizes.get(0)).isEqualTo(CALLERS);
        assertThat(sizes).contains(1);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(CALLERS * ROUNDS);
    }

    /**
     * Four callers, {@link #ROUNDS} allocations each, the first four in one batch: then one asks again as soon as it
     * is answered, the others 20 ms later.
     */
    private void runCallers(Duration linger) throws Exception {
        PoolDispatcher.Registry<Object> registry = new PoolDispatcher.Registry<>(16, linger, threads, this::record);
        List<Future<?>> callers = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            boolean prompt = c == 0;
            callers.add(threads.submit(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    PoolDispatcher.Ticket ticket = registry.submit(POOL, null);
                    firstRequests.countDown();
                    ticket.result.get(10, TimeUnit.SECONDS);
                    if (!prompt) {
                        Thread.sleep(20);
                    }
                }
                return null;
            }));
        }
        for (Future<?> caller : callers) {
            caller.get(60, TimeUnit.SECONDS);
        }
    }

    /** Takes the batch as the allocation service does, records its size, answers each request. */
    private List<Outcome> record(Pool pool, PoolDispatcher.Batch<Object> batch) {
        try {
            // the first batch waits (as for another instance's lock) until every caller's first request is queued
            firstRequests.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        List<String> destinations = batch.destinations();
        sizes.add(destinations.size());
        return destinations.stream().map(d -> Outcome.refused(null)).toList();
    }
}
