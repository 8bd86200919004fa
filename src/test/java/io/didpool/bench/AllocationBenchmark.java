package io.didpool.bench;

import io.didpool.DidpoolApplication;
import io.didpool.allocation.AllocationRequest;
import io.didpool.allocation.AllocationService;
import io.didpool.tenant.TenantId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bench/allocation}: didpool's allocation against the database's own ceiling, at the same concurrency, on the
 * embedded PostgreSQL that {@code bin/didpool serve} runs. See docs/benchmarks.md.
 * Arguments: {@code [dids] [clients] [seconds]}, defaults 1000, 32, 20.
 */
public final class AllocationBenchmark {

    private static final String SEGMENT = "bench";

    private final int dids;
    private final int clients;
    private final Duration duration;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TenantId tenant;
    private final List<UUID> ids = new ArrayList<>();

    private AllocationBenchmark(int dids, int clients, Duration duration, DataSource dataSource, TenantId tenant) {
        this.dids = dids;
        this.clients = clients;
        this.duration = duration;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tenant = tenant;
    }

    public static void main(String[] args) throws Exception {
        int dids = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dataDir = Files.createTempDirectory("didpool-bench");
        System.out.printf("didpool allocation benchmark: %d DIDs in one segment, %d clients, %d s per run%n",
                dids, clients, seconds);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.data-dir=" + dataDir, "didpool.db.url=",
                        "didpool.db.pool-size=" + (clients + 4), "logging.level.root=WARN",
                        "didpool.admin-token=bench-admin")
                .run()) {
            System.out.println("PostgreSQL " + app.getBean(JdbcTemplate.class).queryForObject("SHOW server_version",
                    String.class) + " (embedded, port " + app.getBean(EmbeddedPostgres.class).getPort() + ")");
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String apiKey = createTenant(port);
            DataSource dataSource = app.getBean(DataSource.class);
            UUID tenantId = new JdbcTemplate(dataSource).queryForObject(
                    "SELECT tenant_id FROM api_keys ORDER BY created_at DESC LIMIT 1", UUID.class);
            AllocationBenchmark bench = new AllocationBenchmark(dids, clients, Duration.ofSeconds(seconds),
                    dataSource, new TenantId(tenantId));
            bench.seed();
            bench.run(app.getBean(AllocationService.class), port, apiKey);
        }
    }

    private void seed() {
        for (int i = 0; i < dids; i++) {
            UUID id = UUID.randomUUID();
            jdbc.update("INSERT INTO asterisk_dids (id, tenant_id, number, segment) VALUES (?, ?, ?, ?)",
                    id, tenant.value(), String.format("+1555%07d", i), SEGMENT);
            ids.add(id);
        }
        jdbc.execute("VACUUM ANALYZE asterisk_dids");
    }

    private void run(AllocationService allocations, int port, String apiKey) throws Exception {
        warmUp(allocations);

        reset();
        Result didpool = measure(() -> allocations.allocate(tenant, AllocationRequest.rotation(SEGMENT, null)));
        long didpoolLost = totalUsage() - didpool.operations;
        long didpoolSpread = spread();

        reset();
        Result ceiling = measureWithConnection((con, unused) -> {
            try (PreparedStatement ps = con.prepareStatement(
                    "UPDATE asterisk_dids SET usage_count = usage_count + 1 WHERE id = ?")) {
                ps.setObject(1, ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
                ps.executeUpdate();
            }
        });

        reset();
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicLong collisions = new AtomicLong();
        Result naive = measureWithConnection((con, unused) -> {
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
            // Two callers that read the same DID at the same count both dial with it: that is the race.
            if (!seen.add(id + ":" + count)) {
                collisions.incrementAndGet();
            }
            try (PreparedStatement update = con.prepareStatement(
                    "UPDATE asterisk_dids SET usage_count = usage_count + 1, last_used_at = now() WHERE id = ?")) {
                update.setObject(1, id);
                update.executeUpdate();
            }
        });
        long naiveSpread = spread();

        reset();
        // HttpURLConnection writes a small request in one segment; java.net.http's client writes headers and body
        // apart, and Nagle's algorithm with delayed ACKs then adds ~40 ms to every request, measuring the client.
        // and keep one connection alive per client (the JDK keeps only 5 per host by default).
        System.setProperty("http.maxConnections", String.valueOf(clients * 2));
        java.net.URL url = URI.create("http://localhost:" + port + "/api/asterisk-dids/allocate").toURL();
        byte[] body = ("{\"segment\":\"" + SEGMENT + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Operation post = () -> {
            java.net.HttpURLConnection con = (java.net.HttpURLConnection) url.openConnection();
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
            try (var in = con.getInputStream()) {
                in.readAllBytes();
            }
            return null;
        };
        // the HTTP path (Tomcat, JSON, the key check) gets the same JIT warm-up the in-process path had
        new AllocationBenchmark(dids, clients, Duration.ofSeconds(Math.min(5, duration.toSeconds())), dataSource, tenant)
                .measure(post);
        reset();
        Result overHttp = measure(post);
        long httpLost = totalUsage() - overHttp.operations;

        System.out.println();
        System.out.println("| run | ops/s | p50 ms | p99 ms | spread | lost | collisions |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        row("1. didpool allocation, in-process", didpool, String.valueOf(didpoolSpread), String.valueOf(didpoolLost), "0");
        row("2. ceiling: bare single-row UPDATE", ceiling, "n/a", "n/a", "n/a");
        row("3. naive SELECT then UPDATE", naive, String.valueOf(naiveSpread), "n/a", String.valueOf(collisions.get()));
        System.out.printf("| 4. ratio 1/2 | %.2f | | | | | |%n", didpool.perSecond() / ceiling.perSecond());
        row("5. didpool over HTTP (POST /allocate)", overHttp, String.valueOf(spread()), String.valueOf(httpLost), "0");
        System.out.println();
        System.out.printf("target: ratio >= 0.70 -> %s; in-process p99 <= 10 ms -> %s; spread <= 1 -> %s; lost 0 -> %s%n",
                verdict(didpool.perSecond() / ceiling.perSecond() >= 0.7), verdict(didpool.p99Millis() <= 10),
                verdict(didpoolSpread <= 1), verdict(didpoolLost == 0));

        new CallerIdPolicyRun(dataSource, allocations, dids, clients, duration).run();
    }

    private void warmUp(AllocationService allocations) throws Exception {
        Duration full = duration;
        Result warm = new AllocationBenchmark(dids, clients, Duration.ofSeconds(Math.min(5, full.toSeconds())),
                dataSource, tenant).measure(() -> allocations.allocate(tenant, AllocationRequest.rotation(SEGMENT, null)));
        System.out.printf("warm-up: %.0f allocations/s%n", warm.perSecond());
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void row(String name, Result r, String spread, String lost, String collisions) {
        System.out.printf("| %s | %.0f | %.2f | %.2f | %s | %s | %s |%n", name, r.perSecond(), r.p50Millis(),
                r.p99Millis(), spread, lost, collisions);
    }

    private void reset() {
        jdbc.update("UPDATE asterisk_dids SET usage_count = 0, last_used_at = NULL WHERE tenant_id = ?", tenant.value());
        jdbc.execute("VACUUM ANALYZE asterisk_dids");
    }

    private long totalUsage() {
        return jdbc.queryForObject("SELECT sum(usage_count) FROM asterisk_dids WHERE tenant_id = ?", Long.class,
                tenant.value());
    }

    private long spread() {
        return jdbc.queryForObject("SELECT max(usage_count) - min(usage_count) FROM asterisk_dids WHERE tenant_id = ?",
                Long.class, tenant.value());
    }

    interface Operation {
        Object call() throws Exception;
    }

    interface ConnectionOperation {
        void call(Connection connection, Object unused) throws Exception;
    }

    private Result measureWithConnection(ConnectionOperation operation) throws Exception {
        ThreadLocal<Connection> connections = new ThreadLocal<>();
        List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            return measure(() -> {
                Connection con = connections.get();
                if (con == null) {
                    con = dataSource.getConnection();
                    con.setAutoCommit(true);
                    connections.set(con);
                    opened.add(con);
                }
                operation.call(con, null);
                return null;
            });
        } finally {
            for (Connection con : opened) {
                con.close();
            }
        }
    }

    private Result measure(Operation operation) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong operations = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    operation.call();
                    recorder.recordValue(System.nanoTime() - t0);
                    operations.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(operations.get(), seconds, recorder.getIntervalHistogram());
    }

    private static String createTenant(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/admin/tenants"))
                .header("Authorization", "Bearer bench-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int at = body.indexOf("\"apiKey\":\"") + 10;
        return body.substring(at, body.indexOf('"', at));
    }

    private record Result(long operations, double seconds, Histogram latency) {
        double perSecond() {
            return operations / seconds;
        }

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1e6;
        }
    }
}
