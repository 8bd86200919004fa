package io.didpool.bench;

import io.didpool.DidpoolApplication;
import io.didpool.allocation.AllocationRequest;
import io.didpool.allocation.AllocationService;
import io.didpool.did.Did;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.AllocationBatches;
import io.didpool.testsupport.Dids;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench/allocation}: didpool's allocation against the database's own ceilings, at the same concurrency, on
 * the embedded PostgreSQL that {@code bin/didpool serve} runs. See docs/benchmarks.md.
 * Arguments: {@code [dids] [clients] [seconds]}, defaults 1000, 32, 20.
 *
 * <p>Every figure printed is measured: exactness per DID (the count each DID rose by against the uses handed out or
 * written for it), collisions from the rows callers were handed, didpool's batch sizes from the rows it returned.
 * Each run is warmed up the same way (the same workload, not counted), repeated three times in an order that
 * rotates; the summary gives the median of speed figures and the worst of exactness figures.
 */
public final class AllocationBenchmark {

    private static final String SEGMENT = "bench";
    private static final int REPETITIONS = 3;
    private static final String ADMIN_TOKEN = "bench-admin-token-of-at-least-32-chars";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The runs, in their order of the first repetition; later repetitions rotate it. */
    enum Run {
        DIDPOOL("1. didpool allocation, in-process"),
        CEILING_ROW("2. ceiling: one random row per UPDATE, one commit each"),
        CEILING_BATCH("3. ceiling: k random rows per transaction, k as didpool's batches"),
        NAIVE("4. naive SELECT then UPDATE"),
        HTTP("7. didpool over HTTP (POST /allocate)");

        final String title;

        Run(String title) {
            this.title = title;
        }
    }

    private final int clients;
    private final Duration duration;
    private final Duration warmUp;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TenantId tenant;
    private final List<UUID> ids = new ArrayList<>();
    private final AllocationService allocations;
    private final URL allocateUrl;
    private final String apiKey;
    /** The batch sizes of didpool's latest measured in-process run: what the batched ceiling commits. */
    private List<Integer> didpoolBatches = List.of();

    private AllocationBenchmark(int clients, Duration duration, DataSource dataSource, TenantId tenant,
            AllocationService allocations, int port, String apiKey) throws Exception {
        this.clients = clients;
        this.duration = duration;
        this.warmUp = Duration.ofSeconds(Math.min(5, duration.toSeconds()));
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tenant = tenant;
        this.allocations = allocations;
        this.allocateUrl = URI.create("http://localhost:" + port + "/api/asterisk-dids/allocate").toURL();
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        int dids = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        // "policies": only the run with every caller-ID policy on (to measure it at several concurrencies)
        boolean policiesOnly = args.length > 3 && args[3].equals("policies");
        Path dataDir = Files.createTempDirectory("didpool-bench");
        System.out.printf("didpool allocation benchmark: %d DIDs in one segment, %d clients, %d s per run "
                + "(each after a %d s warm-up of the same workload), %d repetitions%n", dids, clients, seconds,
                Math.min(5, seconds), REPETITIONS);
        // HttpURLConnection writes a small request in one segment; java.net.http's client writes headers and body
        // apart, and Nagle's algorithm with delayed ACKs then adds ~40 ms to every request, measuring the client.
        // Keep one connection alive per client (the JDK keeps only 5 per host by default).
        System.setProperty("http.maxConnections", String.valueOf(clients * 2));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.data-dir=" + dataDir, "didpool.db.url=",
                        "didpool.db.pool-size=" + (clients + 4), "logging.level.root=WARN",
                        "didpool.admin-token=" + ADMIN_TOKEN)
                .run()) {
            System.out.println("PostgreSQL " + app.getBean(JdbcTemplate.class).queryForObject("SHOW server_version",
                    String.class) + " (embedded, port " + app.getBean(EmbeddedPostgres.class).getPort() + ")");
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String apiKey = createTenant(port);
            DataSource dataSource = app.getBean(DataSource.class);
            UUID tenantId = new JdbcTemplate(dataSource).queryForObject(
                    "SELECT tenant_id FROM api_keys ORDER BY created_at DESC LIMIT 1", UUID.class);
            AllocationBenchmark bench = new AllocationBenchmark(clients, Duration.ofSeconds(seconds), dataSource,
                    new TenantId(tenantId), app.getBean(AllocationService.class), port, apiKey);
            if (!policiesOnly) {
                bench.seed(dids);
                bench.run();
            }
            new CallerIdPolicyRun(dataSource, app.getBean(AllocationService.class), dids, clients,
                    Duration.ofSeconds(seconds)).run();
        } finally {
            // the embedded database is a gigabyte or more by the end of a run: leave no copy behind
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private void seed(int dids) {
        Dids seeded = Dids.of(JdbcClient.create(jdbc), tenant).segment(SEGMENT);
        for (int i = 0; i < dids; i++) {
            ids.add(seeded.insert(String.format("+1555%07d", i)));
        }
        jdbc.execute("VACUUM ANALYZE asterisk_dids");
    }

    private void run() throws Exception {
        Map<Run, List<Result>> results = new EnumMap<>(Run.class);
        List<Run> order = new ArrayList<>(List.of(Run.values()));
        System.out.println();
        System.out.println("| repetition | run | ops/s | p50 ms | p99 ms | spread | lost | doubled | collisions | batches |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
            for (Run run : order) {
                Result result = runOnce(run);
                results.computeIfAbsent(run, r -> new ArrayList<>()).add(result);
                if (run == Run.DIDPOOL) {
                    didpoolBatches = result.batches;
                }
                System.out.printf("| %d | %s | %s |%n", repetition, run.title, result.cells());
            }
            Collections.rotate(order, -1);
        }

        System.out.println();
        System.out.printf("summary: median of %d for ops/s, p50, p99 and the ratios; worst of %d for spread, lost, "
                + "doubled, collisions%n", REPETITIONS, REPETITIONS);
        System.out.println("| run | ops/s | p50 ms | p99 ms | spread | lost | doubled | collisions |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Run run : List.of(Run.DIDPOOL, Run.CEILING_ROW, Run.CEILING_BATCH, Run.NAIVE)) {
            summaryRow(run, results.get(run));
        }
        double rowRatio = medianRatio(results.get(Run.DIDPOOL), results.get(Run.CEILING_ROW));
        double batchRatio = medianRatio(results.get(Run.DIDPOOL), results.get(Run.CEILING_BATCH));
        System.out.printf("| 5. ratio 1/2 | %.2f | | | | | | |%n", rowRatio);
        System.out.printf("| 6. ratio 1/3 | %.2f | | | | | | |%n", batchRatio);
        summaryRow(Run.HTTP, results.get(Run.HTTP));

        System.out.println();
        for (Run run : List.of(Run.DIDPOOL, Run.CEILING_BATCH, Run.HTTP)) {
            List<Integer> all = results.get(run).stream().flatMap(r -> r.batches.stream()).toList();
            System.out.printf("batch sizes, %s, all repetitions: %s%n", run.title, describe(all));
        }
        Result didpool = worst(results.get(Run.DIDPOOL));
        double p99 = median(results.get(Run.DIDPOOL).stream().mapToDouble(Result::p99Millis).toArray());
        System.out.println();
        System.out.printf("target: ratio 1/2 >= 0.70 -> %s; in-process p99 <= 10 ms -> %s; spread <= 1 -> %s; "
                        + "lost 0 -> %s; doubled 0 -> %s; collisions 0 -> %s%n",
                verdict(rowRatio >= 0.7), verdict(p99 <= 10), verdict(didpool.spread <= 1),
                verdict(didpool.lost == 0), verdict(didpool.doubled == 0), verdict(didpool.collisions == 0));
    }

    /** One run: its workload warmed up, the counts reset, then measured; exactness read back per DID. */
    private Result runOnce(Run run) throws Exception {
        try (Workload warm = workload(run)) {
            reset();
            measure(warm, threadsOf(run), warmUp);
        }
        try (Workload workload = workload(run)) {
            reset();
            Tally tally = measure(workload, threadsOf(run), duration);
            return tally.result(countsPerDid());
        }
    }

    /**
     * The batched ceiling holds as many uses in flight as didpool has callers: {@code clients / mean batch}
     * connections, each committing one batch after another.
     */
    private int threadsOf(Run run) {
        if (run != Run.CEILING_BATCH) {
            return clients;
        }
        double mean = didpoolBatches.stream().mapToInt(Integer::intValue).average().orElse(1);
        return (int) Math.max(1, Math.round(clients / mean));
    }

    private Workload workload(Run run) {
        return switch (run) {
            case DIDPOOL -> tally -> {
                tally.handed(allocations.allocate(tenant, AllocationRequest.rotation(SEGMENT, null)).did());
                return 1;
            };
            case CEILING_ROW -> new PerConnection((con, tally) -> {
                UUID id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                try (PreparedStatement ps = con.prepareStatement(
                        "UPDATE asterisk_dids SET usage_count = usage_count + 1, last_used_at = now() WHERE id = ?")) {
                    ps.setObject(1, id);
                    ps.executeUpdate();
                }
                tally.written(id, 1);
                return 1;
            }, true);
            case CEILING_BATCH -> new PerConnection(this::randomBatch, false);
            case NAIVE -> new PerConnection(this::naive, true);
            case HTTP -> this::overHttp;
        };
    }

    /**
     * k random rows in one transaction, k drawn from didpool's batch sizes; one UPDATE fed by arrays, as didpool
     * writes its batches, ids sorted so that concurrent batches lock rows in one order and never deadlock.
     */
    private int randomBatch(Connection con, Tally tally) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int k = didpoolBatches.isEmpty() ? 1 : didpoolBatches.get(random.nextInt(didpoolBatches.size()));
        TreeMap<UUID, Integer> uses = new TreeMap<>();
        for (int i = 0; i < k; i++) {
            uses.merge(ids.get(random.nextInt(ids.size())), 1, Integer::sum);
        }
        try (PreparedStatement ps = con.prepareStatement("""
                UPDATE asterisk_dids AS d
                   SET usage_count = d.usage_count + p.uses, last_used_at = now()
                  FROM unnest(?::uuid[], ?::int[]) AS p(id, uses)
                 WHERE d.id = p.id""")) {
            ps.setArray(1, con.createArrayOf("uuid", uses.keySet().toArray()));
            ps.setArray(2, con.createArrayOf("int4", uses.values().toArray()));
            ps.executeUpdate();
        }
        con.commit();
        uses.forEach(tally::written);
        tally.batch(k);
        return k;
    }

    private int naive(Connection con, Tally tally) throws Exception {
        UUID id;
        long count;
        try (PreparedStatement select = con.prepareStatement("""
                SELECT id, usage_count FROM asterisk_dids
                 WHERE tenant_id = ? AND segment = ? AND status IN ('active', 'available')
                 ORDER BY usage_count, last_used_at NULLS FIRST, number LIMIT 1""")) {
            select.setObject(1, tenant.value());
            select.setString(2, SEGMENT);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                id = rs.getObject(1, UUID.class);
                count = rs.getLong(2);
            }
        }
        try (PreparedStatement update = con.prepareStatement(
                "UPDATE asterisk_dids SET usage_count = usage_count + 1, last_used_at = now() WHERE id = ?")) {
            update.setObject(1, id);
            update.executeUpdate();
        }
        // the caller dials with the DID at the count it read, plus its own use
        tally.handed(id, count + 1, null);
        return 1;
    }

    private int overHttp(Tally tally) throws Exception {
        byte[] body = ("{\"segment\":\"" + SEGMENT + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpURLConnection con = (HttpURLConnection) allocateUrl.openConnection();
        con.setRequestMethod("POST");
        con.setDoOutput(true);
        con.setRequestProperty("Authorization", "Bearer " + apiKey);
        con.setRequestProperty("Content-Type", "application/json");
        con.setFixedLengthStreamingMode(body.length);
        try (var out = con.getOutputStream()) {
            out.write(body);
        }
        if (con.getResponseCode() != 200) {
            throw new IllegalStateException("HTTP " + con.getResponseCode());
        }
        JsonNode did;
        try (var in = con.getInputStream()) {
            did = JSON.readTree(in.readAllBytes()).get("did");
        }
        tally.handed(UUID.fromString(did.get("id").asString()), did.get("usageCount").asLong(),
                Instant.parse(did.get("lastUsedAt").asString()));
        return 1;
    }

    private void reset() {
        jdbc.update("UPDATE asterisk_dids SET usage_count = 0, last_used_at = NULL WHERE tenant_id = ?", tenant.value());
        jdbc.execute("VACUUM ANALYZE asterisk_dids");
    }

    private Map<UUID, Long> countsPerDid() {
        Map<UUID, Long> counts = new HashMap<>();
        jdbc.query("SELECT id, usage_count FROM asterisk_dids WHERE tenant_id = ?",
                rs -> {
                    counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }, tenant.value());
        return counts;
    }

    /** Runs the workload on {@code threads} client threads, started together, for {@code length}. */
    private Tally measure(Workload workload, int threads, Duration length) throws Exception {
        Tally tally = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                while (System.nanoTime() < window[1]) {
                    long t0 = System.nanoTime();
                    int uses = workload.call(tally);
                    tally.latency.recordValueWithCount(System.nanoTime() - t0, uses);
                    tally.operations.add(uses);
                }
                return null;
            }));
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + length.toNanos();
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get();
        }
        tally.seconds = (System.nanoTime() - window[0]) / 1e9;
        pool.shutdown();
        return tally;
    }

    /** One call of a run on one client thread; answers how many uses it counted. */
    interface Workload extends AutoCloseable {
        int call(Tally tally) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    interface ConnectionWork {
        int call(Connection connection, Tally tally) throws Exception;
    }

    /** A workload with one JDBC connection of its own per client thread (out of the application's pool). */
    private final class PerConnection implements Workload {
        private final ThreadLocal<Connection> connection = new ThreadLocal<>();
        private final List<Connection> opened = Collections.synchronizedList(new ArrayList<>());
        private final ConnectionWork work;
        private final boolean autoCommit;

        PerConnection(ConnectionWork work, boolean autoCommit) {
            this.work = work;
            this.autoCommit = autoCommit;
        }

        @Override
        public int call(Tally tally) throws Exception {
            Connection con = connection.get();
            if (con == null) {
                con = dataSource.getConnection();
                con.setAutoCommit(autoCommit);
                connection.set(con);
                opened.add(con);
            }
            return work.call(con, tally);
        }

        @Override
        public void close() throws Exception {
            for (Connection con : opened) {
                con.close();
            }
        }
    }

    /** What one measurement saw, as its threads report it. */
    static final class Tally {
        final Recorder latency = new Recorder(3);
        final LongAdder operations = new LongAdder();
        /** Uses per DID as the callers were told (or, for the ceilings, as they were written). */
        final Map<UUID, LongAdder> perDid = new ConcurrentHashMap<>();
        /** Which DID at which count each caller was handed; two callers with the same pair both dial with it. */
        final Set<Handed> handed = ConcurrentHashMap.newKeySet();
        final LongAdder collisions = new LongAdder();
        final ConcurrentLinkedQueue<Instant> lastUsed = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        boolean handsOut;
        double seconds;

        void handed(Did did) {
            handed(did.id(), did.usageCount(), did.lastUsedAt());
        }

        void handed(UUID id, long count, Instant lastUsedAt) {
            handsOut = true;
            if (!handed.add(new Handed(id, count))) {
                collisions.increment();
            }
            written(id, 1);
            if (lastUsedAt != null) {
                lastUsed.add(lastUsedAt);
            }
        }

        void written(UUID id, int uses) {
            perDid.computeIfAbsent(id, k -> new LongAdder()).add(uses);
        }

        void batch(int k) {
            batchSizes.add(k);
        }

        /** Compares each DID's count (all reset to 0 before the run) with the uses it was handed or written. */
        Result result(Map<UUID, Long> counts) {
            long lost = 0;
            long doubled = 0;
            for (Map.Entry<UUID, Long> row : counts.entrySet()) {
                LongAdder told = perDid.get(row.getKey());
                long diff = (told == null ? 0 : told.sum()) - row.getValue();
                lost += Math.max(0, diff);
                doubled += Math.max(0, -diff);
            }
            long spread = counts.values().stream().mapToLong(Long::longValue).max().orElse(0)
                    - counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
            List<Integer> batches = batchSizes.isEmpty() ? AllocationBatches.sizes(lastUsed) : List.copyOf(batchSizes);
            return new Result(operations.sum(), seconds, latency.getIntervalHistogram(), spread, lost, doubled,
                    handsOut ? collisions.sum() : -1, batches);
        }
    }

    record Handed(UUID id, long count) {
    }

    record Result(long operations, double seconds, Histogram latency, long spread, long lost, long doubled,
            long collisions, List<Integer> batches) {
        double perSecond() {
            return operations / seconds;
        }

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1e6;
        }

        String cells() {
            return String.format("%.0f | %.2f | %.2f | %d | %d | %d | %s | %s", perSecond(), p50Millis(),
                    p99Millis(), spread, lost, doubled, collisions < 0 ? "n/a" : collisions,
                    batches.isEmpty() ? "one use per commit" : meanOf(batches));
        }
    }

    private static void summaryRow(Run run, List<Result> results) {
        Result worst = worst(results);
        System.out.printf("| %s | %.0f | %.2f | %.2f | %d | %d | %d | %s |%n", run.title,
                median(results.stream().mapToDouble(Result::perSecond).toArray()),
                median(results.stream().mapToDouble(Result::p50Millis).toArray()),
                median(results.stream().mapToDouble(Result::p99Millis).toArray()),
                worst.spread, worst.lost, worst.doubled, worst.collisions < 0 ? "n/a" : worst.collisions);
    }

    /** The worst exactness figures over the repetitions. */
    private static Result worst(List<Result> results) {
        return new Result(0, 1, null,
                results.stream().mapToLong(Result::spread).max().orElse(0),
                results.stream().mapToLong(Result::lost).max().orElse(0),
                results.stream().mapToLong(Result::doubled).max().orElse(0),
                results.stream().mapToLong(Result::collisions).max().orElse(0), List.of());
    }

    /** Each repetition's ratio (both runs taken under the same load), then their median. */
    private static double medianRatio(List<Result> numerator, List<Result> denominator) {
        double[] ratios = new double[numerator.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerator.get(i).perSecond() / denominator.get(i).perSecond();
        }
        return median(ratios);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String meanOf(List<Integer> sizes) {
        return String.format("%d batches, mean %.1f", sizes.size(),
                sizes.stream().mapToInt(Integer::intValue).average().orElse(0));
    }

    /** Count, mean, percentiles and the share of batches per size band. */
    private static String describe(List<Integer> sizes) {
        if (sizes.isEmpty()) {
            return "none";
        }
        int[] sorted = sizes.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[][] bands = {{1, 1}, {2, 4}, {5, 8}, {9, 16}, {17, 32}, {33, 64}, {65, 128}, {129, 256}};
        StringBuilder shares = new StringBuilder();
        for (int[] band : bands) {
            long n = Arrays.stream(sorted).filter(s -> s >= band[0] && s <= band[1]).count();
            if (n > 0) {
                shares.append(String.format("%s%s: %.1f%%", shares.isEmpty() ? "" : ", ",
                        band[0] == band[1] ? band[0] : band[0] + "-" + band[1], 100.0 * n / sorted.length));
            }
        }
        return String.format("%s, p50 %d, p90 %d, max %d; by size %s", meanOf(sizes), sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1], shares);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String createTenant(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/admin/tenants"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("apiKey").asString();
    }
}
