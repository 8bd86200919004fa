package io.didpool.allocation;

import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.Clock;
import io.didpool.DidpoolApplication;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whole didpool instances for the tests of the scheduled usage reset: on a database of the test's own, their
 * background tasks (db-scheduler) telling time by a clock the test moves to a firing instead of waiting for it; and
 * the firings as the task's row and the log say.
 */
final class ResetInstances {

    static final String NIGHTLY = "0 0 3 * * *";
    private static final Pattern RESET_LOGGED = Pattern.compile("Scheduled usage reset of (\\S+): \\d+ DIDs reset");

    private ResetInstances() {
    }

    /**
     * db-scheduler's time on the instances: the real time moved by what the test sets. It goes on running from there,
     * since db-scheduler's wait between two polls also waits for it.
     */
    static final class MovedClock implements Clock {

        private volatile Duration moved = Duration.ZERO;

        @Override
        public Instant now() {
            return Instant.now().plus(moved);
        }

        void set(Instant now) {
            moved = Duration.between(Instant.now(), now);
        }
    }

    /** An instance on {@code database} whose tasks' time is {@code clock}; {@code cron} null: none set. */
    static ConfigurableApplicationContext start(String database, MovedClock clock, String cron) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--didpool.db.url=" + database,
                "--didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN, "--didpool.data-dir=" + tempDir()));
        if (cron != null) {
            args.add("--didpool.allocation.reset-cron=" + cron);
        }
        ApplicationContextInitializer<ConfigurableApplicationContext> withClock =
                context -> context.getBeanFactory().registerSingleton("backgroundTasksClock", clock);
        return new SpringApplicationBuilder(DidpoolApplication.class).initializers(withClock)
                .run(args.toArray(new String[0]));
    }

    static JdbcClient jdbc(ConfigurableApplicationContext instance) {
        return instance.getBean(JdbcClient.class);
    }

    /** {@code hour}:{@code minute} on day {@code day} of January 2030, in the JVM's default time zone. */
    static Instant at(int day, int hour, int minute) {
        return ZonedDateTime.of(2030, 1, day, hour, minute, 0, 0, ZoneId.systemDefault()).toInstant();
    }

    /** A DID of a new tenant, used {@code uses} times. */
    static UUID usedDid(JdbcClient jdbc, long uses) {
        TenantId tenant = io.didpool.testsupport.Dids.tenant(jdbc);
        UUID did = io.didpool.testsupport.Dids.dids(jdbc, tenant, "nightly", 1, "+1415556").get(0);
        setUsage(jdbc, did, uses);
        return did;
    }

    static void setUsage(JdbcClient jdbc, UUID did, long uses) {
        jdbc.sql("UPDATE asterisk_dids SET usage_count = :uses WHERE id = :id").param("uses", uses).param("id", did)
                .update();
    }

    static long usage(JdbcClient jdbc, UUID did) {
        return jdbc.sql("SELECT usage_count FROM asterisk_dids WHERE id = :id").param("id", did).query(Long.class)
                .single();
    }

    /** The reset's next firing, as its db-scheduler row holds it; empty without a row. */
    static Optional<Instant> nextFiring(JdbcClient jdbc) {
        return jdbc.sql("SELECT execution_time FROM scheduled_tasks WHERE task_name = :task")
                .param("task", ScheduledUsageReset.TASK)
                .query((rs, i) -> rs.getTimestamp(1).toInstant()).optional();
    }

    /**
     * Moves the clock just past {@code firing} and waits until an instance has run it: the row, no longer picked,
     * holds {@code next}.
     */
    static void fire(JdbcClient jdbc, MovedClock clock, Instant firing, Instant next) {
        clock.set(firing.plusMillis(500));
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                        "SELECT execution_time = :next AND NOT picked FROM scheduled_tasks WHERE task_name = :task")
                .param("next", Timestamp.from(next)).param("task", ScheduledUsageReset.TASK)
                .query(Boolean.class).optional().orElse(false));
    }

    /** How many times the log says each firing was reset. */
    static Map<Instant, Integer> resetsLogged(String log) {
        Map<Instant, Integer> resets = new TreeMap<>();
        Matcher logged = RESET_LOGGED.matcher(log);
        while (logged.find()) {
            resets.merge(Instant.parse(logged.group(1)), 1, Integer::sum);
        }
        return resets;
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("didpool-reset").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
