package io.didpool.allocation;

import static io.didpool.allocation.ResetInstances.NIGHTLY;
import static io.didpool.allocation.ResetInstances.at;
import static io.didpool.allocation.ResetInstances.fire;
import static io.didpool.allocation.ResetInstances.jdbc;
import static io.didpool.allocation.ResetInstances.nextFiring;
import static io.didpool.allocation.ResetInstances.start;
import static io.didpool.allocation.ResetInstances.usage;
import static io.didpool.allocation.ResetInstances.usedDid;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.allocation.ResetInstances.MovedClock;
import io.didpool.testsupport.TestDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V20 applied to a database whose instances reset on a cron with {@code usage_resets}: the schedule goes on as a
 * db-scheduler task, without resetting again a firing already claimed.
 */
class UsageResetMigrationTest {

    /**
     * The hardest case: the last firing was claimed by an instance whose clock ran a little ahead of the first
     * upgraded instance's, which therefore starts before that firing's time.
     */
    @Test
    void aFiringClaimedBeforeTheUpgradeIsNotResetAgainAndTheNextOneIs() {
        String database = TestDatabase.newDatabase("resetmigration");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database);
        Flyway.configure().dataSource(dataSource).target("19").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        for (Instant claimed : new Instant[] {at(1, 3, 0), at(2, 3, 0)}) {
            jdbc.sql("INSERT INTO usage_resets (scheduled_for) VALUES (:at)").param("at", Timestamp.from(claimed))
                    .update();
        }

        Flyway.configure().dataSource(dataSource).load().migrate();

        assertThat(jdbc.sql("SELECT to_regclass('usage_resets') IS NULL").query(Boolean.class).single())
                .as("usage_resets dropped").isTrue();
        assertThat(jdbc.sql("SELECT task_instance, execution_time, last_success FROM scheduled_tasks"
                        + " WHERE task_name = 'usage-reset'")
                .query((rs, i) -> Map.of("instance", rs.getString(1), "time", rs.getTimestamp(2).toInstant(),
                        "lastSuccess", rs.getTimestamp(3).toInstant())).list())
                .containsExactly(Map.of("instance", "recurring", "time", at(2, 3, 0), "lastSuccess", at(2, 3, 0)));

        MovedClock clock = new MovedClock();
        clock.set(at(2, 2, 50));
        try (ConfigurableApplicationContext upgraded = start(database, clock, NIGHTLY)) {
            JdbcClient app = jdbc(upgraded);
            UUID did = usedDid(app, 7);
            assertThat(nextFiring(app)).contains(at(2, 3, 0));

            fire(app, clock, at(2, 3, 0), at(3, 3, 0));
            assertThat(usage(app, did)).as("after the firing claimed before the upgrade").isEqualTo(7);

            fire(app, clock, at(3, 3, 0), at(4, 3, 0));
            assertThat(usage(app, did)).as("after the next firing").isZero();
        }
    }

    @Test
    void withoutAClaimNoFiringIsScheduledByTheMigration() {
        String database = TestDatabase.newDatabase("resetmigration");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database);
        Flyway.configure().dataSource(dataSource).load().migrate();
        assertThat(nextFiring(JdbcClient.create(dataSource))).isEmpty();
    }
}
