package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.DidpoolApplication;
import io.didpool.did.Did;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

@ExtendWith(OutputCaptureExtension.class)
class ScheduledUsageResetTest extends IntegrationTest {

    static final String EVERY_TWO_SECONDS = "*/2 * * * * *";
    static final Pattern RESET_LOGGED = Pattern.compile("Scheduled usage reset of (\\S+): \\d+ DIDs reset");

    @Autowired
    AllocationService allocations;

    @Autowired
    JdbcClient jdbc;

    /**
     * Two instances on one database, both with a cron that fires every two seconds, while this instance (which has
     * no schedule) allocates one DID without pause: each firing resets once, which the claims, the log and the
     * counts handed out (back to 1 once per firing, never twice) all say.
     */
    @Test
    void twoInstancesOnTheSameCronResetExactlyOncePerFiring(CapturedOutput output) throws Exception {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "nightly", 1, "+1415556");
        Instant started = databaseNow();
        AtomicBoolean stop = new AtomicBoolean();
        List<Did> handedOut = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> allocator = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                handedOut.add(allocations.allocate(tenant, AllocationRequest.rotation("nightly", null)).did());
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> !handedOut.isEmpty());

        long firingsWithBoth;
        try (ConfigurableApplicationContext first = instance("first");
                ConfigurableApplicationContext second = instance("second")) {
            for (ConfigurableApplicationContext instance : List.of(first, second)) {
                assertThat(instance.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                        .flatMap(holder -> holder.getScheduledTasks().stream())
                        .map(task -> task.getTask() instanceof CronTask cron ? cron.getExpression() : ""))
                        .as("the reset is scheduled on each instance").contains(EVERY_TWO_SECONDS);
            }
            Instant bothUp = databaseNow();
            await().atMost(Duration.ofSeconds(60)).until(() -> claimedSince(bothUp).size() >= 3);
            firingsWithBoth = claimedSince(bothUp).size();
        }
        int afterwards = handedOut.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> handedOut.size() > afterwards + 10);
        stop.set(true);
        allocator.get(30, TimeUnit.SECONDS);

        List<Instant> firings = claimedSince(started);
        assertThat(firingsWithBoth).isGreaterThanOrEqualTo(3);
        assertThat(firings).as("firings on the cron's schedule").allMatch(t -> t.getEpochSecond() % 2 == 0
                && t.getNano() == 0);
        Map<String, Long> resetsLogged = new java.util.HashMap<>();
        Matcher logged = RESET_LOGGED.matcher(output.getAll());
        while (logged.find()) {
            resetsLogged.merge(logged.group(1), 1L, Long::sum);
        }
        assertThat(resetsLogged).as("resets logged per firing, by either instance")
                .isEqualTo(firings.stream().collect(Collectors.toMap(Instant::toString, t -> 1L)));

        List<Did> uses = List.copyOf(handedOut);
        int resetsSeen = 0;
        for (int i = 1; i < uses.size(); i++) {
            if (uses.get(i).usageCount() != uses.get(i - 1).usageCount() + 1) {
                assertThat(uses.get(i).usageCount()).as("a count after a reset").isEqualTo(1);
                resetsSeen++;
            }
        }
        assertThat(resetsSeen).as("times the count went back to 0 while allocations went on")
                .isEqualTo(firings.size());
    }

    @Test
    void aFiringIsForTheNearestTimeOnTheSchedule() {
        ScheduledUsageReset nightly = new ScheduledUsageReset(null, null, cron("0 0 3 * * *"));
        Instant three = ZonedDateTime.of(2026, 11, 25, 3, 0, 0, 0, ZoneId.systemDefault()).toInstant();
        assertThat(nightly.firing(three)).isEqualTo(three);
        assertThat(nightly.firing(three.minusMillis(40))).as("a scheduler a little early").isEqualTo(three);
        assertThat(nightly.firing(three.plusSeconds(90))).as("a scheduler a little late").isEqualTo(three);

        ScheduledUsageReset often = new ScheduledUsageReset(null, null, cron(EVERY_TWO_SECONDS));
        Instant even = ZonedDateTime.of(2026, 11, 25, 3, 0, 10, 0, ZoneId.systemDefault()).toInstant();
        assertThat(often.firing(even.plusMillis(300))).isEqualTo(even);
        assertThat(often.firing(even.minusMillis(300))).isEqualTo(even);
        assertThat(often.firing(even.plusMillis(1700))).isEqualTo(even.plusSeconds(2));
    }

    private ConfigurableApplicationContext instance(String name) throws Exception {
        return new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.db.url=" + TestDatabase.jdbcUrl(),
                        "didpool.admin-token=" + ADMIN_TOKEN, "didpool.data-dir=" + Files.createTempDirectory("didpool-" + name),
                        "didpool.allocation.reset-cron=" + EVERY_TWO_SECONDS)
                .run();
    }

    private List<Instant> claimedSince(Instant since) {
        return jdbc.sql("SELECT scheduled_for FROM usage_resets WHERE scheduled_for > :since ORDER BY scheduled_for")
                .param("since", java.sql.Timestamp.from(since))
                .query((rs, i) -> rs.getTimestamp(1).toInstant()).list();
    }

    private Instant databaseNow() {
        return jdbc.sql("SELECT clock_timestamp()").query((rs, i) -> rs.getTimestamp(1).toInstant()).single();
    }

    private static AllocationProperties cron(String expression) {
        return new AllocationProperties(256, 10_000, java.time.Duration.ofMillis(1), expression);
    }
}
