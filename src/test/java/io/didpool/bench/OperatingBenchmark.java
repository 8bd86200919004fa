package io.didpool.bench;

import io.didpool.DidpoolApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operating a large inventory, over HTTP against the service running in-process on its embedded PostgreSQL: what the
 * Segments page needs (/usage and /usage/histogram) against the old way (every DID, 500 a page), the bulk move of
 * 20,000 DIDs by a filter (and its dry run), search, and the CSV export and import. Each figure is the time to the
 * last byte of the answer, over {@code runs} runs after {@value #WARM_UP} unmeasured ones.
 *
 * <pre>bench/operating [dids] [runs]      defaults: 50000 20</pre>
 */
public final class OperatingBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = "bench-admin-token-of-at-least-32-characters";
    private static final int SEGMENTS = 20;
    private static final int BULK = 20_000;
    private static final int WARM_UP = 3;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;
    private final int runs;

    private OperatingBenchmark(String base, String key, int runs) {
        this.base = base;
        this.key = key;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        int dids = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dataDir = Files.createTempDirectory("didpool-bench-operating");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.data-dir=" + dataDir, "didpool.db.url=",
                        "logging.level.root=WARN", "didpool.admin-token=" + ADMIN)
                .run()) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            System.out.printf("didpool operating benchmark: %,d DIDs in %d segments, %d runs per figure (after %d"
                            + " unmeasured), PostgreSQL %s (embedded), %d CPUs, Java %s%n", dids, SEGMENTS, runs,
                    WARM_UP, jdbc.queryForObject("SHOW server_version", String.class),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            HttpClient http = HttpClient.newHttpClient();
            JsonNode tenant = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/tenants"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            new OperatingBenchmark(base, tenant.get("apiKey").asString(), runs).run(jdbc, dids);
        } finally {
            // the embedded database is a gigabyte or more by the end of a run: leave no copy behind
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private void run(JdbcTemplate jdbc, int dids) throws Exception {
        // the inventory, through the CSV import: 20 segments, the first 20,000 DIDs on a trunk of their own
        StringBuilder csv = new StringBuilder("number,segment,trunk,status,friendlyName\n");
        for (int i = 0; i < dids; i++) {
            csv.append(String.format("+1415%07d", i)).append(",seg-").append(String.format("%02d", i % SEGMENTS))
                    .append(i < BULK ? ",BULK" : ",TWILIO").append(i % 50 == 0 ? ",inactive" : ",active")
                    .append(",Line ").append(i).append('\n');
        }
        long started = System.nanoTime();
        String imported = send("POST", "/api/asterisk-dids/import/csv", "text/csv", csv.toString());
        System.out.printf("seeded by one CSV import in %.1f s: %s%n", (System.nanoTime() - started) / 1e9,
                imported);
        // uneven usage, as after weeks of calls with DIDs added over time
        jdbc.update("UPDATE asterisk_dids SET usage_count = (abs(hashtext(number)) % 200),"
                + " last_used_at = now() - (abs(hashtext(number)) % 1000) * interval '1 minute'"
                + " WHERE abs(hashtext(number)) % 10 <> 0");
        jdbc.execute("VACUUM ANALYZE asterisk_dids");
        String csvExport = get("/api/asterisk-dids/export");

        System.out.println();
        System.out.println("| request | answer | median ms | p90 ms | max ms |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        measure("GET /api/asterisk-dids/usage", "20 segments", i -> get("/api/asterisk-dids/usage"));
        measure("GET /api/asterisk-dids/usage/histogram", "20 segments x 50 buckets",
                i -> get("/api/asterisk-dids/usage/histogram"));
        measure("Segments page: /usage and /usage/histogram", "both", i -> {
            get("/api/asterisk-dids/usage");
            return get("/api/asterisk-dids/usage/histogram");
        });
        measure("before: every DID, 500 a page (the old Segments page)", dids / 500 + " requests", i -> {
            String last = null;
            for (int page = 0; page * 500 < dids; page++) {
                last = get("/api/asterisk-dids?size=500&page=" + page);
            }
            return last;
        });
        measure("GET /api/asterisk-dids?q=<7 digits of a number>", "1 DID",
                i -> get("/api/asterisk-dids?q=" + String.format("%07d", (i * 7919) % dids)));
        measure("GET /api/asterisk-dids?q=line 4242", "11 DIDs", i -> get("/api/asterisk-dids?q=line%204242"));
        measure("GET /api/asterisk-dids?sort=usageCount,desc", "a page of 50",
                i -> get("/api/asterisk-dids?sort=usageCount,desc"));
        measure("POST /api/asterisk-dids/bulk, dry run", BULK + " matched", i -> send("POST", "/api/asterisk-dids/bulk",
                "application/json", "{\"filter\":{\"trunk\":\"BULK\"},\"set\":{\"segment\":\"moved-" + i
                        + "\"},\"dryRun\":true}"));
        measure("POST /api/asterisk-dids/bulk: move " + BULK + " DIDs", BULK + " changed",
                i -> send("POST", "/api/asterisk-dids/bulk", "application/json",
                        "{\"filter\":{\"trunk\":\"BULK\"},\"set\":{\"segment\":\"moved-" + i + "\"}}"));
        measure("GET /api/asterisk-dids/export", dids + " rows", i -> get("/api/asterisk-dids/export"));
        measure("POST /api/asterisk-dids/import/csv (the export, unchanged)", dids + " rows",
                i -> send("POST", "/api/asterisk-dids/import/csv", "text/csv", csvExport));
    }

    private void measure(String request, String answer, IntFunction<String> call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.apply(-1 - i);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            call.apply(i);
            millis.add((System.nanoTime() - started) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("| %s | %s | %.1f | %.1f | %.1f |%n", request, answer, millis.get(millis.size() / 2),
                millis.get((int) Math.ceil(millis.size() * 0.9) - 1), millis.get(millis.size() - 1));
    }

    private String get(String path) {
        return send("GET", path, null, null);
    }

    private String send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
