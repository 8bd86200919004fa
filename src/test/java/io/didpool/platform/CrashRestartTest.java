package io.didpool.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the service while it allocates: its embedded PostgreSQL outlives it (a process of its own). The
 * next start on the same data directory stops that orphan cleanly, says so, and goes on with everything committed:
 * every allocation that was answered is counted, and executions queued before the crash run. Real processes: the
 * service runs as {@code java … DidpoolApplication serve} on this test's classpath.
 */
class CrashRestartTest {

    private static final int ALLOCATORS = 8;

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private final List<ServiceProcess> services = new ArrayList<>();

    @Test
    void aKilledServiceStartsAgainAfterStoppingItsOrphanedPostgresAndLosesNothing() throws Exception {
        ServiceProcess first = start("first.log", false);
        ApiClient tenant = first.api().newTenant("crash");
        for (int i = 0; i < 5; i++) {
            tenant.createDid("+1415555080" + i, "rotation");
        }
        tenant.createDid("+14155550810", "calls");
        Map<String, Object> config = new HashMap<>();
        config.put("didSegment", "calls");
        config.put("audioFile", "custom/voice_template_123");
        String journey = tenant.post("/api/journeys", Map.of("name", "after the crash",
                "nodes", List.of(Map.of("type", "MAKE_CALL", "config", config)))).expect(201).json()
                .get("id").asString();
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonNode execution = tenant.post("/api/journeys/" + journey + "/executions",
                    Map.of("contact", Map.of("phoneNumber", "+1415555090" + i))).expect(202).json();
            assertThat(execution.get("status").asString()).isEqualTo("QUEUED");
            queued.add(execution.get("id").asString());
        }

        // allocations in flight when the service dies
        AtomicLong answered = new AtomicLong();
        ExecutorService allocators = Executors.newFixedThreadPool(ALLOCATORS);
        for (int i = 0; i < ALLOCATORS; i++) {
            allocators.execute(() -> {
                while (true) {
                    try {
                        if (tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "rotation")).status() == 200) {
                            answered.incrementAndGet();
                        }
                    } catch (UncheckedIOException e) {
                        return; // the service is gone
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= 300);
        long postmaster = OrphanedPostmaster.livePostmaster(dataDir.resolve("postgres")).orElseThrow().pid();
        first.kill();
        allocators.shutdown();
        assertThat(allocators.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).as("the orphaned postmaster")
                .isPresent();

        ServiceProcess second = start("second.log", true);
        assertThat(second.log())
                .contains("Stopped the orphaned embedded PostgreSQL (postmaster pid " + postmaster + ")");
        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();

        ApiClient again = second.api().withToken(tenant.token());
        long counted = again.get("/api/asterisk-dids/usage?segment=rotation").expect(200).json()
                .get("segments").get(0).get("totalUsage").asLong();
        // every answered allocation was committed; at most the ones in flight at the kill were counted unanswered
        assertThat(counted).isBetween(answered.get(), answered.get() + ALLOCATORS);
        for (String execution : queued) {
            String path = "/api/journeys/" + journey + "/executions/" + execution;
            JsonNode done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> again.get(path).expect(200).json(),
                            e -> List.of("COMPLETED", "FAILED").contains(e.get("status").asString()));
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("steps").get(0).get("did").get("number").asString()).isEqualTo("+14155550810");
        }
    }

    /** The service on the test's data dir, dialling or not; its output goes to {@code log}. */
    private ServiceProcess start(String log, boolean worker) throws IOException {
        ServiceProcess service = ServiceProcess.start(Map.of("DIDPOOL_DATA_DIR", dataDir.toString(),
                "DIDPOOL_DIALING_WORKER", String.valueOf(worker)), logs.resolve(log));
        services.add(service);
        return service;
    }

    /** Stops what is still running: the service gracefully, and any postmaster it left (never with SIGKILL). */
    @AfterEach
    void stopEverything() throws Exception {
        for (ServiceProcess service : services) {
            service.close();
        }
        OrphanedPostmaster.stopIfAny(dataDir.resolve("postgres"));
    }
}
