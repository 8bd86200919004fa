package io.didpool.allocation;

import static io.didpool.allocation.ResetInstances.NIGHTLY;
import static io.didpool.allocation.ResetInstances.at;
import static io.didpool.allocation.ResetInstances.fire;
import static io.didpool.allocation.ResetInstances.jdbc;
import static io.didpool.allocation.ResetInstances.nextFiring;
import static io.didpool.allocation.ResetInstances.resetsLogged;
import static io.didpool.allocation.ResetInstances.setUsage;
import static io.didpool.allocation.ResetInstances.start;
import static io.didpool.allocation.ResetInstances.usage;
import static io.didpool.allocation.ResetInstances.usedDid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.allocation.ResetInstances.MovedClock;
import io.didpool.testsupport.TestDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The usage reset on {@code didpool.allocation.reset-cron}, a db-scheduler task: instances on a database of the
 * test's own, whose tasks' clock the test moves to each firing.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScheduledUsageResetTest {

    @Test
    void twoInstancesOnTheSameCronResetExactlyOncePerFiring(CapturedOutput output) {
        String database = TestDatabase.newDatabase("resets");
        MovedClock clock = new MovedClock();
        clock.set(at(1, 2, 0));
        try (ConfigurableApplicationContext first = start(database, clock, NIGHTLY);
                ConfigurableApplicationContext second = start(database, clock, NIGHTLY)) {
            JdbcClient jdbc = jdbc(first);
            UUID did = usedDid(jdbc, 7);
            for (int day = 1; day <= 3; day++) {
                setUsage(jdbc, did, 7);
                assertThat(nextFiring(jdbc)).contains(at(day, 3, 0));
                fire(jdbc, clock, at(day, 3, 0), at(day + 1, 3, 0));
                assertThat(usage(jdbc, did)).as("usage after the firing of day " + day).isZero();
            }
        }
        assertThat(resetsLogged(output.getAll())).as("resets logged per firing, by either instance")
                .isEqualTo(Map.of(at(1, 3, 0), 1, at(2, 3, 0), 1, at(3, 3, 0), 1));
    }

    /**
     * The cron of the last start is the one that fires: a changed one moves the next firing, a removed one removes
     * it, and one set again later starts from its next firing, not from one it missed while it was unset.
     */
    @Test
    void aChangedOrRemovedCronTakesEffectAtTheNextStart() {
        String database = TestDatabase.newDatabase("resetcron");
        MovedClock clock = new MovedClock();
        clock.set(at(1, 2, 0));
        UUID did;
        try (ConfigurableApplicationContext nightly = start(database, clock, NIGHTLY)) {
            did = usedDid(jdbc(nightly), 7);
            assertThat(nextFiring(jdbc(nightly))).contains(at(1, 3, 0));
        }
        try (ConfigurableApplicationContext changed = start(database, clock, "0 30 4 * * *")) {
            JdbcClient jdbc = jdbc(changed);
            assertThat(nextFiring(jdbc)).contains(at(1, 4, 30));
            fire(jdbc, clock, at(1, 4, 30), at(2, 4, 30));
            assertThat(usage(jdbc, did)).isZero();
        }
        try (ConfigurableApplicationContext removed = start(database, clock, null)) {
            JdbcClient jdbc = jdbc(removed);
            assertThat(nextFiring(jdbc)).as("the firing of a cron since removed").isEmpty();

            // A firing scheduled by an instance that still has a cron is not run here, and goes.
            setUsage(jdbc, did, 7);
            jdbc.sql("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                            + " VALUES (:task, 'recurring', :at, false, 1)")
                    .param("task", ScheduledUsageReset.TASK).param("at", Timestamp.from(at(2, 4, 30))).update();
            clock.set(at(2, 4, 30).plusMillis(500));
            await().atMost(Duration.ofSeconds(15)).until(() -> nextFiring(jdbc).isEmpty());
            assertThat(usage(jdbc, did)).isEqualTo(7);
        }
        clock.set(at(5, 2, 0));
        try (ConfigurableApplicationContext again = start(database, clock, "0 30 4 * * *")) {
            assertThat(nextFiring(jdbc(again))).contains(at(5, 4, 30));
            assertThat(usage(jdbc(again), did)).isEqualTo(7);
        }
    }
}
