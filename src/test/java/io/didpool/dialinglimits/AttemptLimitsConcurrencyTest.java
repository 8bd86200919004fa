package io.didpool.dialinglimits;

import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.dialinglimits.AttemptLimits.Admission;
import io.didpool.dialinglimits.AttemptLimits.Attempt;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two claims of one number at the same time, each in its own transaction on its own thread (as two instances'
 * claims would be): the per-number lock makes the second wait for the first's commit, then count its call.
 */
class AttemptLimitsConcurrencyTest extends IntegrationTest {

    static final Instant T = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    static final String NUMBER = "+14155550101";

    @Autowired
    AttemptLimits limits;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aSecondClaimOfTheNumberWaitsForTheFirstsCommitAndThenCountsItsCall() throws Exception {
        TenantId tenant = limited(1);
        CountDownLatch firstPlaced = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);

        Future<Instant> first = threads.submit(() -> new TransactionTemplate(transactionManager).execute(status -> {
            Instant wait = claimIn(T, attempt(tenant));
            firstPlaced.countDown();
            awaitLatch(commitFirst);
            return wait;
        }));
        assertThat(firstPlaced.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Instant> second = threads.submit(() -> new TransactionTemplate(transactionManager)
                .execute(status -> claimIn(T, attempt(tenant))));

        long key = DialingLimitsRepository.lockKey(tenant.value(), NUMBER);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.isDone() || waitsForLock(key));
        assertThat(second.isDone()).as("the second claim waits for the first's lock").isFalse();
        commitFirst.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(second.get(30, TimeUnit.SECONDS)).as("counts the first's call once it committed")
                .isEqualTo(T.plus(Duration.ofHours(24)));
        assertThat(recorded(tenant)).isEqualTo(1);
    }

    /** Many numbers, each claimed by two transactions released together: each number is admitted exactly once. */
    @Test
    void twoClaimsReleasedTogetherAdmitExactlyOneCallPerNumber() throws Exception {
        TenantId tenant = limited(1);
        for (int round = 0; round < 20; round++) {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<Instant>> claims = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                claims.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return new TransactionTemplate(transactionManager).execute(status -> claimIn(T, attempt(tenant)));
                }));
            }
            List<Instant> waits = new ArrayList<>();
            for (Future<Instant> claim : claims) {
                waits.add(claim.get(30, TimeUnit.SECONDS));
            }
            assertThat(waits).as("round " + round).containsExactlyInAnyOrder(null, T.plus(Duration.ofHours(24)));
            jdbc.sql("DELETE FROM contact_attempts WHERE tenant_id = :t").param("t", tenant.value()).update();
        }
    }

    /** Admits and, when admitted, places one call in the current transaction; answers its waitUntil. */
    private Instant claimIn(Instant now, Attempt attempt) {
        Admission admission = limits.admit(List.of(attempt), now);
        Instant wait = admission.waitUntil(attempt.callId());
        if (wait == null) {
            admission.placed(List.of(attempt.callId()));
        }
        return wait;
    }

    /** Whether a transaction waits for the advisory lock of this key (PostgreSQL shows a bigint key in halves). */
    private boolean waitsForLock(long key) {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_locks
                         WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
                           AND ((CAST(classid AS bigint) << 32) | CAST(objid AS bigint)) = :key""")
                .param("key", key)
                .query(Long.class).single() > 0;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Attempt attempt(TenantId tenant) {
        return new Attempt(UUID.randomUUID(), tenant, NUMBER);
    }

    private TenantId limited(int limit) {
        TenantId tenant = tenant(jdbc);
        jdbc.sql("INSERT INTO dialing_limits (tenant_id, max_calls_per_contact_per_day) VALUES (:t, :n)")
                .param("t", tenant.value()).param("n", limit).update();
        return tenant;
    }

    private long recorded(TenantId tenant) {
        return jdbc.sql("SELECT count(*) FROM contact_attempts WHERE tenant_id = :t").param("t", tenant.value())
                .query(Long.class).single();
    }
}
