package io.didpool.dialinglimits;

import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The claim's admission of calls under a tenant's attempt limit, driven with explicit instants (the claim's clock is
 * {@code now}). The instants are days ahead of the real clock, so that the pruning task leaves them alone.
 */
class AttemptLimitsTest extends IntegrationTest {

    static final Instant T = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    static final String NUMBER = "+14155550101";

    @Autowired
    AttemptLimits limits;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void withALimitOfTwoTheThirdCallWaitsUntilTheFirstLeavesTheWindow() {
        TenantId tenant = limited(2);
        assertThat(claim(T, attempt(tenant, NUMBER))).containsOnlyNulls();
        assertThat(claim(T.plus(Duration.ofHours(1)), attempt(tenant, NUMBER))).containsOnlyNulls();

        assertThat(claim(T.plus(Duration.ofHours(2)), attempt(tenant, NUMBER)))
                .containsExactly(T.plus(Duration.ofHours(24)));
        assertThat(claim(T.plus(Duration.ofHours(24)), attempt(tenant, NUMBER))).as("the first has left")
                .containsOnlyNulls();
        assertThat(claim(T.plus(Duration.ofHours(24)), attempt(tenant, NUMBER))).as("second and third count")
                .containsExactly(T.plus(Duration.ofHours(25)));
    }

    @Test
    void anAttemptMoreThan24HoursOldNoLongerCounts() {
        TenantId tenant = limited(1);
        claim(T, attempt(tenant, NUMBER));

        assertThat(claim(T.plus(Duration.ofHours(24)).minusSeconds(1), attempt(tenant, NUMBER)))
                .containsExactly(T.plus(Duration.ofHours(24)));
        assertThat(claim(T.plus(Duration.ofHours(24)).plusSeconds(1), attempt(tenant, NUMBER))).containsOnlyNulls();
    }

    @Test
    void withoutALimitEveryCallIsAdmittedAndStillRecordedSoThatALaterLimitCountsIt() {
        TenantId tenant = tenant(jdbc);
        assertThat(claim(T, attempt(tenant, NUMBER), attempt(tenant, NUMBER), attempt(tenant, NUMBER)))
                .containsOnlyNulls();
        assertThat(recorded(tenant, NUMBER)).containsExactly(T, T, T);

        setLimit(tenant, 3);
        assertThat(claim(T.plus(Duration.ofHours(5)), attempt(tenant, NUMBER)))
                .containsExactly(T.plus(Duration.ofHours(24)));
    }

    @Test
    void twoAttemptsToOneNumberInOneClaimCountTheFirstAsPlaced() {
        TenantId one = limited(1);
        assertThat(claim(T, attempt(one, NUMBER), attempt(one, NUMBER), attempt(one, "+14155550102")))
                .containsExactly(null, T.plus(Duration.ofHours(24)), null);

        TenantId two = limited(2);
        claim(T.minus(Duration.ofHours(3)), attempt(two, NUMBER));
        assertThat(claim(T, attempt(two, NUMBER), attempt(two, NUMBER), attempt(two, NUMBER)))
                .as("the earlier call and the first of these fill the limit; the next two wait for the earlier one")
                .containsExactly(null, T.plus(Duration.ofHours(21)), T.plus(Duration.ofHours(21)));
        assertThat(recorded(two, NUMBER)).containsExactly(T.minus(Duration.ofHours(3)), T);
    }

    @Test
    void aTenantsLimitCountsOnlyItsOwnCalls() {
        TenantId limited = limited(1);
        TenantId other = limited(1);
        TenantId unlimited = tenant(jdbc);
        claim(T, attempt(limited, NUMBER));

        assertThat(claim(T.plusSeconds(60), attempt(other, NUMBER), attempt(unlimited, NUMBER),
                attempt(unlimited, NUMBER), attempt(limited, NUMBER)))
                .containsExactly(null, null, null, T.plus(Duration.ofHours(24)));
        assertThat(recorded(other, NUMBER)).hasSize(1);
        assertThat(recorded(unlimited, NUMBER)).hasSize(2);
        assertThat(recorded(limited, NUMBER)).hasSize(1);
    }

    /** A claim that read the clock before another claim of the number committed still counts the other's call. */
    @Test
    void aCallRecordedAfterTheClaimsClockStillCounts() {
        TenantId tenant = limited(1);
        claim(T.plusSeconds(2), attempt(tenant, NUMBER));

        assertThat(claim(T, attempt(tenant, NUMBER))).containsExactly(T.plusSeconds(2).plus(Duration.ofHours(24)));
    }

    @Test
    void onlyTheCallsPlacedAreRecordedAndACallThatMustWaitCannotBe() {
        TenantId tenant = limited(1);
        Attempt first = attempt(tenant, NUMBER);
        Attempt second = attempt(tenant, NUMBER);
        Attempt notDialled = attempt(tenant, "+14155550102");
        transactions.executeWithoutResult(status -> {
            Admission admission = limits.admit(List.of(first, second, notDialled), T);
            assertThatThrownBy(() -> admission.placed(List.of(second.callId())))
                    .isInstanceOf(IllegalStateException.class);
            admission.placed(List.of(first.callId()));
            assertThatThrownBy(() -> admission.placed(List.of(first.callId())))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> admission.waitUntil(UUID.randomUUID()))
                    .isInstanceOf(IllegalArgumentException.class);
        });
        assertThat(recorded(tenant, NUMBER)).containsExactly(T);
        assertThat(recorded(tenant, "+14155550102")).isEmpty();
    }

    /** The common case stays cheap: no tenant of the claim has a limit, no lock is taken. */
    @Test
    void locksAreTakenOnlyForTheNumbersOfTenantsWithALimit() {
        TenantId unlimited = tenant(jdbc);
        TenantId limited = limited(5);
        assertThat(locksHeldAfter(List.of(attempt(unlimited, NUMBER), attempt(unlimited, "+14155550102"))))
                .isZero();
        assertThat(locksHeldAfter(List.of(attempt(unlimited, NUMBER), attempt(limited, NUMBER),
                attempt(limited, NUMBER), attempt(limited, "+14155550102")))).isEqualTo(2);
    }

    @Test
    void theLockKeyDependsOnTenantAndNumber() {
        UUID tenant = UUID.randomUUID();
        assertThat(DialingLimitsRepository.lockKey(tenant, NUMBER))
                .isEqualTo(DialingLimitsRepository.lockKey(tenant, NUMBER))
                .isNotEqualTo(DialingLimitsRepository.lockKey(tenant, "+14155550102"))
                .isNotEqualTo(DialingLimitsRepository.lockKey(UUID.randomUUID(), NUMBER));
    }

    private long locksHeldAfter(List<Attempt> attempts) {
        return transactions.execute(status -> {
            limits.admit(attempts, T);
            return jdbc.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
                    .query(Long.class).single();
        });
    }

    /** One claim in its own transaction: every admitted call is placed; answers each call's waitUntil, in order. */
    private List<Instant> claim(Instant now, Attempt... attempts) {
        return transactions.execute(status -> {
            Admission admission = limits.admit(List.of(attempts), now);
            List<Instant> waits = new ArrayList<>();
            List<UUID> admitted = new ArrayList<>();
            for (Attempt attempt : attempts) {
                Instant wait = admission.waitUntil(attempt.callId());
                waits.add(wait);
                if (wait == null) {
                    admitted.add(attempt.callId());
                }
            }
            admission.placed(admitted);
            return waits;
        });
    }

    static Attempt attempt(TenantId tenant, String number) {
        return new Attempt(UUID.randomUUID(), tenant, number);
    }

    private TenantId limited(int limit) {
        TenantId tenant = tenant(jdbc);
        setLimit(tenant, limit);
        return tenant;
    }

    private void setLimit(TenantId tenant, int limit) {
        jdbc.sql("INSERT INTO dialing_limits (tenant_id, max_calls_per_contact_per_day) VALUES (:t, :n)")
                .param("t", tenant.value()).param("n", limit).update();
    }

    private List<Instant> recorded(TenantId tenant, String number) {
        return jdbc.sql("SELECT at FROM contact_attempts WHERE tenant_id = :t AND number = :n ORDER BY at")
                .param("t", tenant.value()).param("n", number)
                .query((rs, i) -> rs.getTimestamp("at").toInstant()).list();
    }
}
