package io.didpool.bench;

import io.didpool.DidpoolApplication;
import io.didpool.asterisk.RealAsterisk;
import io.didpool.asterisk.Sipp;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/inbound [rates] [seconds] [calls-in-look-back] [no-ceiling]}: inbound calls through a real Asterisk
 * with didpool deciding (FastAGI), against the same Asterisk routing them by a static dialplan (the ceiling), in one
 * run (issue 28): both at each fixed rate (default 100 calls/s: the decision's times), then the highest rate each
 * carries and their ratio. SIPp plays Twilio's origination (from 127.0.0.2, which the trunk claims; from 127.0.0.4, which a second
 * endpoint with a static context claims), a second SIPp the carrier the calls are forwarded to. Every call is answered
 * there, lasts 1 s and is hung up by the caller. didpool has 1,000 DIDs and {@code calls-in-look-back} (default
 * 1,000,000) calls placed in the last six days; half the inbound calls come from numbers it called (callbacks, the
 * look-back finds them), half from numbers it never called (the segment's route). See docs/benchmarks.md.
 */
public final class InboundBenchmark {

    private static final String TIMER = "didpool.inbound.decision";
    private static final String ANSWER_TIMER = "didpool.inbound.answer";
    private static final String STATIC_IP = "127.0.0.4";
    private static final int DIDS = 1_000;
    private static final int EXECUTIONS = 10_000;
    private static final int WARM_UP = 12_000;
    /** BENCH_PG_STATEMENTS=1: PostgreSQL's own account of its statements (pg_stat_statements) after the fixed rates. */
    private static final boolean STATEMENTS = "1".equals(System.getenv("BENCH_PG_STATEMENTS"));
    /**
     * BENCH_PIN=1: Asterisk and both SIPps on CPU 0, this JVM (didpool) and its PostgreSQL on CPU 1 (bench/inbound
     * starts the JVM there; PostgreSQL's processes inherit it): what didpool costs Asterisk when it does not share
     * Asterisk's CPU, as on a host of its own.
     */
    private static final boolean PIN = "1".equals(System.getenv("BENCH_PIN"));
    /** The ceiling search: between these offered rates, to within RESOLUTION calls/s. */
    private static final int SEARCH_FROM = 50;
    private static final int SEARCH_TO = 400;
    private static final int RESOLUTION = 6;
    private static final double CARRIED_SET_UP_MS = 250;

    private final EmbeddedPostgres postgres;
    private final RealAsterisk asterisk;
    private final ConfigurableApplicationContext instance;
    private final Sipp carrier;
    private final Path work;

    private InboundBenchmark() throws Exception {
        work = Files.createTempDirectory("didpool-bench-inbound");
        EmbeddedPostgres.Builder database = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("didpool-bench-inbound-pg"))
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "100")
                .setServerConfig("synchronous_commit", "on");
        if (STATEMENTS) {
            database.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track_planning", "on");
        }
        postgres = database.start();
        int agiPort = RealAsterisk.freeTcpPort();
        asterisk = RealAsterisk.start("TWILIO", "127.0.0.1:" + agiPort, null);
        staticRoute();
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--didpool.db.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "--didpool.data-dir=" + Files.createTempDirectory("didpool-bench-inbound-data"),
                "--didpool.agi.bind=127.0.0.1:" + agiPort,
                "--management.metrics.distribution.slo." + TIMER + "=" + ClaimTimes.boundaries(),
                "--management.metrics.distribution.slo." + ANSWER_TIMER + "=" + ClaimTimes.boundaries(),
                "--logging.level.root=WARN"));
        asterisk.springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        instance = new SpringApplicationBuilder(DidpoolApplication.class).run(args.toArray(new String[0]));
        carrier = Sipp.start("answer", asterisk.farEnd(), 10_000_000, work);
        // with BENCH_PIN=1: Asterisk and the carrier onto CPU 0
        ProcessHandle.allProcesses().filter(p -> p.info().command()
                .map(command -> command.endsWith("/asterisk") || command.endsWith("/sipp")).orElse(false))
                .forEach(p -> ProcessCpu.pinToFirstCpu(p.pid(), PIN));
    }

    public static void main(String[] args) throws Exception {
        if (RealAsterisk.unavailable().isPresent()) {
            System.err.println("bench/inbound: " + RealAsterisk.unavailable().get());
            System.exit(2);
        }
        List<Integer> rates = args.length > 0 ? Arrays.stream(args[0].split(",")).map(Integer::parseInt).toList()
                : List.of(100);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int lookBack = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        boolean search = args.length <= 3 || !args[3].equals("no-ceiling");
        InboundBenchmark bench = new InboundBenchmark();
        try {
            long seeded = System.nanoTime();
            bench.seed(lookBack);
            System.out.printf("%nbench/inbound: %d DIDs, %d calls in the look-back (seeded in %.0f s), phases of %d s "
                    + "at %s calls/s offered; each call answered at the carrier, 1 s long%n", DIDS, lookBack,
                    (System.nanoTime() - seeded) / 1e9, seconds, rates);
            // a service that has been taking calls for a while, not one whose JIT is still compiling the decision (in
            // a run warmed by 10 s at 50/s, compiling took a third of a core through the measured phases; after 60 s,
            // still 7 % of the machine): 120 s at 100 calls/s through didpool, not measured
            bench.phase(RealAsterisk.FAR_END_IP, 100, WARM_UP, bench.injection(WARM_UP, lookBack, new Random(7)));
            bench.quiet();
            if (STATEMENTS) {
                PostgresStatements.reset(JdbcClient.create(bench.postgres.getPostgresDatabase()));
            }
            System.out.println();
            System.out.println("| offered calls/s | routing | calls | answered | answered/s | ratio | completed | SIP "
                    + "retransmissions | INVITE→200 mean ms | decision p50 / p99 ms | AGI answer p50 / p99 ms | "
                    + "decisions | CPU ms per call |");
            System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
            for (int rate : rates) {
                bench.fixedRate(rate, seconds, lookBack);
            }
            if (STATEMENTS) {
                PostgresStatements.print(JdbcClient.create(bench.postgres.getPostgresDatabase()), bench.jdbc());
            }
            if (search) {
                bench.ceilings(seconds, lookBack);
            }
        } finally {
            bench.close();
        }
        System.exit(0);
    }

    /** Both routings at one offered rate, the same calls: a row each, the ratio and didpool's decision times. */
    private void fixedRate(int rate, int seconds, int lookBack) throws Exception {
        int calls = rate * seconds;
        Path injection = injection(calls, lookBack, new Random(rate));
        Phase ceiling = phase(STATIC_IP, rate, calls, injection);
        quiet();
        ClaimTimes before = ClaimTimes.of(TIMER, List.of(instance));
        ClaimTimes answersBefore = ClaimTimes.of(ANSWER_TIMER, List.of(instance));
        Map<String, Long> decisionsBefore = decisions();
        Phase didpool = phase(RealAsterisk.FAR_END_IP, rate, calls, injection);
        ClaimTimes decided = ClaimTimes.of(TIMER, List.of(instance)).minus(before);
        ClaimTimes answers = ClaimTimes.of(ANSWER_TIMER, List.of(instance)).minus(answersBefore);
        quiet();
        Map<String, Long> counts = decisions();
        counts.replaceAll((k, v) -> v - decisionsBefore.getOrDefault(k, 0L));
        System.out.printf("| %d | static dialplan | %d | %d | %.1f | | %d | %d | %.1f | | | | %s |%n", rate, calls,
                ceiling.answered(), ceiling.perSecond(seconds), ceiling.completed(), ceiling.retransmissions(),
                ceiling.setUpMs(), ceiling.cpu());
        System.out.printf("| %d | didpool (FastAGI) | %d | %d | %.1f | %.3f | %d | %d | %.1f | %.2f / %.2f | "
                + "%.2f / %.2f | %s | %s |%n", rate, calls, didpool.answered(), didpool.perSecond(seconds),
                didpool.perSecond(seconds) / ceiling.perSecond(seconds), didpool.completed(),
                didpool.retransmissions(), didpool.setUpMs(), decided.percentile(0.5), decided.percentile(0.99),
                answers.percentile(0.5), answers.percentile(0.99), counts, didpool.cpu());
    }

    /**
     * The ceiling of each routing, found by bisection: the highest offered rate, to within {@link #RESOLUTION}
     * calls/s, that it carries ({@link Phase#carried}); then the ratio of didpool's to the static dialplan's. This is
     * the comparison at the limit: at a fixed rate above the static dialplan's ceiling both are overloaded and the
     * ratio measures how two overloads degrade, not what each carries.
     */
    private void ceilings(int seconds, int lookBack) throws Exception {
        System.out.println();
        System.out.println("| routing | offered calls/s | calls | answered | INVITE→200 mean ms | SIP retransmissions "
                + "| carried | CPU ms per call |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        int fixed = ceiling(STATIC_IP, "static dialplan", seconds, lookBack);
        int didpool = ceiling(RealAsterisk.FAR_END_IP, "didpool (FastAGI)", seconds, lookBack);
        System.out.printf("%nceilings: static dialplan %d calls/s, didpool (FastAGI) %d calls/s: ratio %.3f%n",
                fixed, didpool, didpool / (double) fixed);
    }

    private int ceiling(String fromIp, String routing, int seconds, int lookBack) throws Exception {
        int carried = SEARCH_FROM;
        int overloaded = SEARCH_TO;
        while (overloaded - carried > RESOLUTION) {
            int rate = (carried + overloaded) / 2;
            int calls = rate * seconds;
            Phase phase = phase(fromIp, rate, calls, injection(calls, lookBack, new Random(rate)));
            quiet();
            boolean ok = phase.carried(calls);
            System.out.printf("| %s | %d | %d | %d | %.1f | %d | %s | %s |%n", routing, rate, calls, phase.answered(),
                    phase.setUpMs(), phase.retransmissions(), ok ? "yes" : "no", phase.cpu());
            if (ok) {
                carried = rate;
            } else {
                overloaded = rate;
            }
        }
        return carried;
    }

    /** Until Asterisk holds no call (a phase past the ceiling leaves calls behind it), at most 60 s, then 2 s. */
    private void quiet() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !asterisk.cli("core show channels count").contains("0 active calls")) {
            Thread.sleep(1000);
        }
        Thread.sleep(2000);
    }

    /**
     * A caller's calls: answered (the INVITE got its 200: the call went through Asterisk to the carrier), completed
     * (the whole scenario, BYE included, went as written), SIPp's retransmissions (a request or a 200 not answered
     * within 500 ms) and the mean time from INVITE to 200.
     */
    private record Phase(long answered, long completed, long retransmissions, double setUpMs, String cpu) {
        double perSecond(int seconds) {
            return answered / (double) seconds;
        }

        /**
         * Carried: every call answered, and a mean INVITE→200 under {@link #CARRIED_SET_UP_MS} (half of SIP's T1,
         * 500 ms, after which the carrier sends its INVITE again: a machine past its ceiling falls seconds behind).
         */
        boolean carried(int calls) {
            return answered >= calls && setUpMs < CARRIED_SET_UP_MS;
        }
    }

    /** One SIPp caller from {@code fromIp} at {@code rate} for {@code calls} calls. */
    private Phase phase(String fromIp, int rate, int calls, Path injection) throws Exception {
        Path stats = work.resolve("stats-" + fromIp + "-" + rate + "-" + calls + ".csv");
        Path screen = work.resolve("sipp-" + fromIp + "-" + rate + "-" + calls + ".out");
        ProcessCpu cpuBefore = ProcessCpu.now();
        Process sipp = new ProcessBuilder("sipp", "-sf", scenario().toString(), "-inf", injection.toString(),
                "-i", fromIp, "-p", Integer.toString(RealAsterisk.freeUdpPort(fromIp)), "-r", Integer.toString(rate), "-rp", "1000",
                "-m", Integer.toString(calls), "-l", Integer.toString(rate * 5), "-trace_stat", "-stf",
                stats.toString(), "-fd", "1", "-nostdin", "-timeout", (calls / rate + 60) + "s",
                asterisk.sip().getHostString() + ":" + asterisk.sip().getPort())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(screen.toFile()).start();
        ProcessCpu.pinToFirstCpu(sipp.pid(), PIN);
        if (!sipp.waitFor(calls / rate + 90, TimeUnit.SECONDS)) {
            sipp.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(stats);
        List<String> header = List.of(lines.get(0).split(";"));
        String[] last = lines.get(lines.size() - 1).split(";");
        // the final screen's message table: the first "200 <---" line is the INVITE's
        String table = Files.readString(screen);
        java.util.regex.Matcher ok = java.util.regex.Pattern.compile("(?m)^\\s+200 <-+\\s+(\\d+)").matcher(
                table.substring(table.lastIndexOf("INVITE ---------->")));
        long answered = ok.find() ? Long.parseLong(ok.group(1)) : 0;
        return new Phase(answered, Long.parseLong(last[header.indexOf("SuccessfulCall(C)")]),
                Long.parseLong(last[header.indexOf("Retransmissions(C)")]),
                millis(last[header.indexOf("ResponseTime1(C)")]), ProcessCpu.now().perCallSince(cpuBefore, calls));
    }

    /** SIPp's HH:MM:SS:micros as ms. */
    private static double millis(String time) {
        String[] parts = time.split(":");
        return (Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Integer.parseInt(parts[2]))
                * 1000.0 + Integer.parseInt(parts[3]) / 1000.0;
    }

    /** A tenant, its DIDs in a segment whose route is a number, a journey whose callbacks go to another, the calls. */
    private void seed(int lookBack) {
        ApiClient tenant = ApiClient.admin(instance).newTenant("inbound");
        tenant.put("/api/asterisk-dids/segments/bench", Map.of("description", "bench",
                "inboundRoute", "+14155550100")).expect(200);
        StringBuilder csv = new StringBuilder("number,segment\n");
        for (int i = 0; i < DIDS; i++) {
            csv.append(did(i)).append(",bench\n");
        }
        tenant.withTimeout(java.time.Duration.ofMinutes(2)).send("POST", "/api/asterisk-dids/import/csv", "text/csv",
                csv.toString()).expect(200);
        String journey = tenant.post("/api/journeys", Map.of("name", "bench", "callbackTo", "+14155550101",
                "nodes", List.of(Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "bench")))))
                .expect(201).json().get("id").asString();
        // the seed's statements (a million rows) on a connection of their own, without the service's statement timeout
        JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        UUID tenantId = jdbc.sql("SELECT tenant_id FROM journeys WHERE id = CAST(:j AS uuid)").param("j", journey)
                .query(UUID.class).single();
        jdbc.sql("""
                        INSERT INTO journey_executions (id, tenant_id, journey_id, contact_number, status)
                        SELECT gen_random_uuid(), :t, CAST(:j AS uuid), '+1646' || lpad(i::text, 7, '0'), 'COMPLETED'
                          FROM generate_series(1, :n) AS i""")
                .param("t", tenantId).param("j", journey).param("n", EXECUTIONS).update();
        // calls placed in the last six days, one per caller, from the DIDs in turn
        jdbc.sql("""
                        INSERT INTO calls (id, tenant_id, execution_id, step, node_id, flow_id, trunk, state,
                                           destination, did_number, claimed_at, journey_id)
                        SELECT gen_random_uuid(), :t, e.ids[1 + i % :e], 0, gen_random_uuid(), :t, 'TWILIO', 'ENDED',
                               '+1646' || lpad(i::text, 7, '0'), '+1212600' || lpad((i % :d)::text, 4, '0'),
                               now() - make_interval(secs => i % 518400), CAST(:j AS uuid)
                          FROM generate_series(1, :n) AS i,
                               (SELECT array_agg(id) AS ids FROM journey_executions WHERE journey_id = CAST(:j AS uuid)) e""")
                .param("t", tenantId).param("j", journey).param("e", EXECUTIONS).param("d", DIDS)
                .param("n", lookBack).update();
        jdbc.sql("ANALYZE calls").update();
        jdbc.sql("CHECKPOINT").update();
    }

    /** {@code calls} lines "DID;caller;": even lines a callback (a caller didpool called from that DID), odd not. */
    private Path injection(int calls, int lookBack, Random random) throws IOException {
        StringBuilder lines = new StringBuilder("SEQUENTIAL\n");
        for (int n = 0; n < calls; n++) {
            int i = 1 + random.nextInt(lookBack);
            if (n % 2 == 0) {
                lines.append(did(i % DIDS)).append(';').append("+1646").append(String.format("%07d", i));
            } else {
                lines.append(did(random.nextInt(DIDS))).append(';').append("+1917").append(String.format("%07d", i));
            }
            lines.append(";\n");
        }
        Path file = work.resolve("calls-" + calls + "-" + random.nextInt(1000) + ".csv");
        Files.writeString(file, lines.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    private Map<String, Long> decisions() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc().sql("SELECT decision, count(*) FROM inbound_calls GROUP BY decision")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    private static String did(int i) {
        return "+1212600" + String.format("%04d", i);
    }

    /**
     * The ceiling's route: an endpoint that claims requests from {@link #STATIC_IP}, whose context dials the same
     * number over the same trunk as didpool's segment route, with no FastAGI.
     */
    private void staticRoute() throws IOException {
        Path etc = asterisk.directory().resolve("etc");
        Files.writeString(etc.resolve("bench-static-pjsip.conf"), """
                [static-carrier]
                type = endpoint
                context = bench-static
                disallow = all
                allow = ulaw,alaw
                direct_media = no

                [static-carrier-identify]
                type = identify
                endpoint = static-carrier
                match = %s
                """.formatted(STATIC_IP));
        Files.writeString(etc.resolve("bench-static-extensions.conf"), """
                [bench-static]
                exten => _[+0-9].,1,NoOp(static route)
                 same => n,Dial(PJSIP/+14155550100@TWILIO,60)
                 same => n,Hangup()
                """);
        Files.writeString(etc.resolve("pjsip.conf"), "\n#include \"bench-static-pjsip.conf\"\n",
                StandardOpenOption.APPEND);
        Files.writeString(etc.resolve("extensions.conf"), "\n#include \"bench-static-extensions.conf\"\n",
                StandardOpenOption.APPEND);
        // RealAsterisk gives a test 100 RTP ports (25 bridged calls); the bench holds hundreds of calls at once
        Files.writeString(etc.resolve("rtp.conf"), "[general]\nrtpstart=30000\nrtpend=39999\n");
        asterisk.cli("module reload res_rtp_asterisk.so");
        asterisk.cli("module reload res_pjsip.so");
        asterisk.cli("dialplan reload");
    }

    private Path scenario() throws IOException {
        Path file = work.resolve("bench-inbound-call.xml");
        if (!Files.exists(file)) {
            try (var in = InboundBenchmark.class.getResourceAsStream("/sipp/bench-inbound-call.xml")) {
                Files.write(file, in.readAllBytes());
            }
        }
        return file;
    }

    private JdbcClient jdbc() {
        return instance.getBean(JdbcClient.class);
    }

    private void close() {
        carrier.close();
        instance.close();
        asterisk.close();
        try {
            postgres.close();
        } catch (IOException ignored) {
            // a temporary server
        }
    }
}
