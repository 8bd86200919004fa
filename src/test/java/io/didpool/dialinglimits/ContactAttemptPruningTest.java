package io.didpool.dialinglimits;

import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The pruning of recorded attempts deletes the ones no 24-hour window reaches, and only those. */
class ContactAttemptPruningTest extends IntegrationTest {

    @Autowired
    ContactAttemptPruning pruning;

    @Autowired
    JdbcClient jdbc;

    @Test
    void attemptsOlderThan25HoursArePrunedAndNewerOnesKept() {
        TenantId tenant = tenant(jdbc);
        jdbc.sql("""
                        INSERT INTO contact_attempts (tenant_id, number, at) VALUES
                          (:t, '+14155550101', now() - INTERVAL '25 hours 1 minute'),
                          (:t, '+14155550102', now() - INTERVAL '24 hours 59 minutes'),
                          (:t, '+14155550103', now() - INTERVAL '1 hour'),
                          (:t, '+14155550104', now() + INTERVAL '1 minute')""")
                .param("t", tenant.value()).update();

        assertThat(pruning.prune()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("SELECT number FROM contact_attempts WHERE tenant_id = :t ORDER BY number")
                .param("t", tenant.value()).query(String.class).list())
                .containsExactly("+14155550102", "+14155550103", "+14155550104");
    }

    @Test
    void thePruningIsARecurringTaskOfTheScheduler() {
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = :task")
                .param("task", ContactAttemptPruning.TASK).query(Long.class).single()).isOne();
    }
}
