package io.didpool.bench;

import io.didpool.DidpoolApplication;
import io.didpool.asterisk.AmiPeer;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench/dialer}: a campaign on one trunk through two didpool instances sharing one PostgreSQL, against an AMI
 * peer that plays Twilio's trunk (it refuses set-ups over the trunk's calls per second with a 503 / CONGESTION, rings
 * each callee, answers, hangs up). See docs/benchmarks.md. Arguments: {@code [contacts] [cps…]}, defaults 10000, 15
 * and 100. A last run measures prompt start: single calls queued one by one with capacity free.
 */
public final class DialerBenchmark {

    private static final Duration RING = Duration.ofSeconds(2);
    private static final Duration CALL = Duration.ofSeconds(3);
    private static final int PROMPT_CALLS = 300;

    private final EmbeddedPostgres postgres;
    private final AmiPeer carrier;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    private DialerBenchmark() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("didpool-bench-dialer"))
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200")
                .setServerConfig("synchronous_commit", "on")
                .start();
        carrier = new AmiPeer().carrier(1000, RING, CALL);
        for (int i = 0; i < 2; i++) {
            instances.add(new SpringApplicationBuilder(DidpoolApplication.class).run("--server.port=0", "--didpool.agi.bind=off",
                    "--didpool.db.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                    "--didpool.data-dir=" + Files.createTempDirectory("didpool-bench-dialer-data"),
                    "--didpool.ami.host=127.0.0.1", "--didpool.ami.port=" + carrier.port(),
                    "--didpool.ami.username=" + AmiPeer.USERNAME, "--didpool.ami.password=" + AmiPeer.PASSWORD,
                    "--logging.level.root=WARN"));
        }
    }

    public static void main(String[] args) throws Exception {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<Integer> rates = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            rates.add(Integer.parseInt(args[i]));
        }
        if (rates.isEmpty()) {
            rates = List.of(15, 100);
        }
        DialerBenchmark bench = new DialerBenchmark();
        try {
            System.out.printf("%nbench/dialer: %d contacts a run, 2 instances, callee rings %d s, calls last %d s, "
                    + "JVM max heap %d MB (both instances and the AMI peer share it)%n", contacts, RING.toSeconds(),
                    CALL.toSeconds(), Runtime.getRuntime().maxMemory() >> 20);
            System.out.println();
            System.out.println("| limit (CPS) | set-ups | refused | seconds | mean set-ups/s | max in a 1-s window "
                    + "(sliding) | max in a calendar second | peak in progress | slot to Originate p50 / p99 ms "
                    + "| heap peak MB |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (int cps : rates) {
                bench.paced(cps, contacts);
            }
            bench.promptStart();
        } finally {
            bench.close();
        }
    }

    /** A campaign of {@code contacts} on a trunk of its own limited to {@code cps}. */
    private void paced(int cps, int contacts) throws Exception {
        String trunk = "BENCH" + cps;
        carrier.callsPerSecond(trunk, cps);
        ApiClient admin = api(0);
        Map<String, Object> limits = new HashMap<>();
        limits.put("callsPerSecond", cps);
        admin.put("/api/admin/trunks/" + trunk, limits).expect(200);
        ApiClient tenant = admin.newTenant("bench-" + cps);
        // the run is about pacing, not calling hours: the tenant may call at any hour of the real clock
        DialBench.callAllDay(tenant);
        String journey = DialBench.journey(tenant, trunk, "bench" + cps, 14150000000L + cps * 1000L);
        List<Map<String, String>> list = new ArrayList<>(contacts);
        for (int i = 0; i < contacts; i++) {
            list.add(Map.of("phoneNumber", "+1" + (6000000000L + cps * 100_000L + i)));
        }
        AtomicLong heapPeak = new AtomicLong();
        ScheduledExecutorService sampler = DialBench.sampleHeap(heapPeak);
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "bench",
                "contacts", list)).expect(201).json().get("id").asString();
        while (true) {
            JsonNode state = tenant.get("/api/campaigns/" + campaign).expect(200).json();
            if (state.get("queued").asLong() == 0 && state.get("running").asLong() == 0) {
                break;
            }
            Thread.sleep(1000);
        }
        sampler.shutdownNow();
        List<AmiPeer.Originated> setUps = carrier.originates().stream().filter(o -> o.trunk().equals(trunk)).toList();
        long refused = setUps.stream().filter(o -> o.fate() == AmiPeer.Fate.REFUSED_OVER_CPS).count();
        double seconds = (setUps.get(setUps.size() - 1).arrivedNanos() - setUps.get(0).arrivedNanos()) / 1e9;
        List<Long> lateness = slotToOriginate(setUps);
        System.out.printf("| %d | %d | %d | %.0f | %.1f | %d | %d | %d | %.1f / %.1f | %d |%n", cps, setUps.size(),
                refused, seconds, (setUps.size() - 1) / seconds, carrier.maxSetUps(trunk, Duration.ofSeconds(1)),
                maxPerCalendarSecond(setUps), carrier.maxInProgress(trunk),
                DialBench.percentile(lateness, 50) / 1000.0, DialBench.percentile(lateness, 99) / 1000.0,
                heapPeak.get() >> 20);
    }

    /**
     * Single calls queued one at a time (50 ms apart) on a trunk with room to spare: from the 202 to the Originate
     * reaching the peer.
     */
    private void promptStart() throws Exception {
        String trunk = "PROMPT";
        ApiClient admin = api(0);
        admin.put("/api/admin/trunks/" + trunk, Map.of("callsPerSecond", 1000)).expect(200);
        ApiClient tenant = admin.newTenant("prompt");
        // as in paced: not about calling hours, so any hour of the real clock will do
        DialBench.callAllDay(tenant);
        String journey = DialBench.journey(tenant, trunk, "prompt", 14159000000L);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < PROMPT_CALLS; i++) {
            String destination = "+1" + (7000000000L + i);
            ApiClient via = api(i % 2).withToken(tenant.token());
            long queued = System.nanoTime();
            via.post("/api/journeys/" + journey + "/executions", Map.of("contact", Map.of("phoneNumber",
                    destination))).expect(202);
            AmiPeer.Originated originate = null;
            while (originate == null) {
                originate = carrier.originates().stream().filter(o -> o.destination().equals(destination))
                        .findFirst().orElse(null);
                if (originate == null) {
                    Thread.sleep(1);
                }
            }
            micros.add((originate.arrivedNanos() - queued) / 1000);
            Thread.sleep(50);
        }
        System.out.printf("%nprompt start, %d calls queued one by one through both instances with capacity free: "
                + "queue (HTTP request sent) to Originate p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", PROMPT_CALLS,
                DialBench.percentile(micros, 50) / 1000.0, DialBench.percentile(micros, 99) / 1000.0,
                micros.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0);
    }

    /** How late each Originate reached the peer after its slot (µs), from the slots in the database. */
    private List<Long> slotToOriginate(List<AmiPeer.Originated> setUps) {
        JdbcClient jdbc = instances.get(0).getBean(JdbcClient.class);
        Map<String, Instant> slots = new HashMap<>();
        jdbc.sql("SELECT id::text AS id, slot_at FROM calls WHERE slot_at IS NOT NULL").query(rs -> {
            slots.put(rs.getString("id"), rs.getTimestamp("slot_at").toInstant());
        });
        List<Long> lateness = new ArrayList<>();
        for (AmiPeer.Originated setUp : setUps) {
            Instant slot = slots.get(setUp.callId());
            if (slot != null && setUp.fate() != AmiPeer.Fate.REFUSED_OVER_CPS) {
                lateness.add(Duration.between(slot, setUp.arrivedAt()).toNanos() / 1000);
            }
        }
        return lateness;
    }

    private static int maxPerCalendarSecond(List<AmiPeer.Originated> setUps) {
        Map<Long, Integer> perSecond = new HashMap<>();
        setUps.forEach(o -> perSecond.merge(o.arrivedAt().getEpochSecond(), 1, Integer::sum));
        return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private ApiClient api(int instance) {
        return ApiClient.admin(instances.get(instance));
    }

    private void close() throws Exception {
        instances.forEach(ConfigurableApplicationContext::close);
        carrier.close();
        postgres.close();
    }
}
