package io.didpool.bench;

import io.didpool.allocation.Allocation;
import io.didpool.allocation.AllocationRequest;
import io.didpool.allocation.AllocationService;
import io.didpool.allocation.Match;
import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.Dids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The allocation benchmark's run with every caller-ID policy on (docs/benchmarks.md): a segment of {@code dids} DIDs
 * over 50 area codes with local presence, caps per hour and day and sticky caller ID, allocated for destinations
 * drawn from 20,000 contacts (a few hot area codes, others of the same states, others elsewhere), against a bare
 * single-row UPDATE on the same DIDs at the same concurrency; then the caps are checked from the database.
 * Separate from {@link AllocationBenchmark}'s runs: it seeds a tenant of its own.
 */
final class CallerIdPolicyRun {

    private static final String SEGMENT = "bench-policies";
    private static final int REPETITIONS = 3;
    /** 50 area codes with DIDs, in 11 states; the first five are hot. */
    private static final String[] AREA_CODES = {"212", "213", "312", "415", "305", "718", "917", "646", "347", "516",
        "310", "323", "408", "510", "619", "626", "650", "714", "818", "909", "773", "630", "708", "847", "217",
        "407", "813", "904", "954", "561", "214", "512", "713", "210", "817", "206", "253", "425", "509", "360",
        "404", "678", "770", "912", "617", "508", "781", "978", "215", "412"};
    /** Area codes without DIDs: of the same states (a region matches), or elsewhere (any DID). */
    private static final String[] SAME_STATE = {"914", "631", "559", "707", "224", "352", "469", "281", "564", "706"};
    private static final String[] ELSEWHERE = {"303", "602", "702", "801", "416", "604", "800", "503"};

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final AllocationService allocations;
    private final int dids;
    private final int clients;
    private final Duration duration;
    private final List<UUID> ids = new ArrayList<>();
    private final List<String> contacts = new ArrayList<>();
    private TenantId tenant;

    CallerIdPolicyRun(DataSource dataSource, AllocationService allocations, int dids, int clients, Duration duration) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.allocations = allocations;
        this.dids = dids;
        this.clients = clients;
        this.duration = duration;
    }

    /**
     * Seeds, measures the ceiling, sets the caps from it and warms up; then {@link #REPETITIONS} times the policy run
     * and (but for the first time, already measured) the ceiling again, alternately, since the ceiling varies with the
     * machine's disk as much as anything: prints each repetition, their medians, and the cap check over every run.
     */
    void run() throws Exception {
        seed();
        List<Result> ceilings = new ArrayList<>();
        ceilings.add(ceiling());
        reset();
        // caps that the hot area codes reach within the run and the pool as a whole does not
        int perHour = (int) Math.max(20, Math.round(ceilings.get(0).perSecond() * duration.toSeconds() / dids));
        int perDay = perHour * 2;
        jdbc.update("""
                INSERT INTO segment_policies (tenant_id, segment, local_presence, max_calls_per_hour,
                                              max_calls_per_day, sticky_days)
                VALUES (?, ?, true, ?, ?, 30)
                ON CONFLICT (tenant_id, segment) DO UPDATE
                SET max_calls_per_hour = EXCLUDED.max_calls_per_hour, max_calls_per_day = EXCLUDED.max_calls_per_day""",
                tenant.value(), SEGMENT, perHour, perDay);
        // The warm-up: a short run, then, after a reset as before every repetition, one as long as a repetition. With
        // the short one alone, the first repetition was the slowest in most runs: it compiled some 1,100 methods (the
        // others 150-200), a thousand of them in its first 2 s (those whose profiles the reset's statements had
        // changed), and most others once caps were reached, late in a run.
        warmUp(Duration.ofSeconds(Math.min(5, duration.toSeconds())));
        reset();
        warmUp(duration);

        System.out.println();
        System.out.printf("caller-ID policies: %d DIDs over %d area codes, localPresence, maxCallsPerHour %d,"
                + " maxCallsPerDay %d, stickyDays 30; destinations from %d contacts%n", dids, AREA_CODES.length,
                perHour, perDay, contacts.size());
        System.out.println("| repetition | P1 ops/s | P2 ops/s | P2 p50 ms | P2 p99 ms | P2/P1 | refused | lost"
                + " | STICKY | AREA_CODE | REGION | ANY |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<Result> policyRuns = new ArrayList<>();
        long lostMost = 0;
        for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
            if (repetition > 1) {
                ceilings.add(ceiling());
            }
            reset();
            Map<Match, LongAdder> matches = new EnumMap<>(Match.class);
            for (Match m : Match.values()) {
                matches.put(m, new LongAdder());
            }
            LongAdder refused = new LongAdder();
            Result policies = measure(() -> {
                try {
                    matches.get(allocate().match()).increment();
                } catch (DomainException.Conflict e) {
                    refused.increment();
                }
            }, duration);
            policyRuns.add(policies);
            long served = policies.operations() - refused.sum();
            long lost = jdbc.queryForObject("SELECT sum(usage_count) FROM asterisk_dids WHERE tenant_id = ?",
                    Long.class, tenant.value()) - served;
            lostMost = Math.max(lostMost, Math.abs(lost));
            Result ceiling = ceilings.get(repetition - 1);
            System.out.printf("| %d | %.0f | %.0f | %.2f | %.2f | %.2f | %d | %d | %d | %d | %d | %d |%n", repetition,
                    ceiling.perSecond(), policies.perSecond(), policies.p50Millis(), policies.p99Millis(),
                    policies.perSecond() / ceiling.perSecond(), refused.sum(), lost, matches.get(Match.STICKY).sum(),
                    matches.get(Match.AREA_CODE).sum(), matches.get(Match.REGION).sum(), matches.get(Match.ANY).sum());
        }
        // every call of every run is in did_calls, each run's 400 days apart from the others'
        long hourMost = mostInWindow("1 hour");
        long dayMost = mostInWindow("24 hours");
        long overruns = overruns("1 hour", perHour) + overruns("24 hours", perDay);

        double p1 = median(ceilings, Result::perSecond);
        double p2 = median(policyRuns, Result::perSecond);
        double p99 = median(policyRuns, Result::p99Millis);
        System.out.println();
        System.out.println("| median of the repetitions | ops/s | p50 ms | p99 ms |");
        System.out.println("| --- | ---: | ---: | ---: |");
        System.out.printf("| P1. bare single-row UPDATE on these DIDs | %.0f | %.2f | %.2f |%n", p1,
                median(ceilings, Result::p50Millis), median(ceilings, Result::p99Millis));
        System.out.printf("| P2. didpool allocation, every policy on | %.0f | %.2f | %.2f |%n", p2,
                median(policyRuns, Result::p50Millis), p99);
        System.out.printf("| P3. ratio P2/P1 | %.2f | | |%n", p2 / p1);
        System.out.printf("caps from the database, over every run: most calls of a DID in any rolling hour %d (cap %d),"
                + " in any rolling 24 hours %d (cap %d); calls over a cap: %d; lost or doubled uses, worst run: %d%n",
                hourMost, perHour, dayMost, perDay, overruns, lostMost);
        System.out.printf("target: ratio >= 0.50 -> %s; p99 <= 15 ms -> %s; 0 cap overruns -> %s%n",
                p2 / p1 >= 0.5 ? "met" : "NOT met", p99 <= 15 ? "met" : "NOT met", overruns == 0 ? "met" : "NOT met");
    }

    private void warmUp(Duration length) throws Exception {
        measure(() -> {
            try {
                allocate();
            } catch (DomainException.Conflict e) {
                // the warm-up may use the hot DIDs up; they are reset before each repetition
            }
        }, length);
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
        double[] values = results.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    private Result ceiling() throws Exception {
        Result ceiling = measure(this::bareUpdate, duration);
        for (Connection con : opened) {
            con.close();
        }
        opened.clear();
        return ceiling;
    }

    private Allocation allocate() {
        String destination = contacts.get(ThreadLocalRandom.current().nextInt(contacts.size()));
        return allocations.allocate(tenant, AllocationRequest.rotation(SEGMENT, destination));
    }

    private final ThreadLocal<Connection> connections = new ThreadLocal<>();
    private final List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());

    private void bareUpdate() throws Exception {
        Connection con = connections.get();
        if (con == null) {
            con = dataSource.getConnection();
            con.setAutoCommit(true);
            connections.set(con);
            opened.add(con);
        }
        try (PreparedStatement ps = con.prepareStatement(
                "UPDATE asterisk_dids SET usage_count = usage_count + 1 WHERE id = ?")) {
            ps.setObject(1, ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
            ps.executeUpdate();
        }
    }

    private void seed() {
        UUID tenantId = UUID.randomUUID();
        jdbc.update("INSERT INTO tenants (id, name) VALUES (?, 'bench-policies')", tenantId);
        tenant = new TenantId(tenantId);
        Dids seeded = Dids.of(JdbcClient.create(jdbc), tenant).segment(SEGMENT);
        for (int i = 0; i < dids; i++) {
            ids.add(seeded.insert(
                    String.format("+1%s%07d", AREA_CODES[i % AREA_CODES.length], 5550000 + i)));
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 20_000; i++) {
            double draw = random.nextDouble();
            String areaCode = draw < 0.4 ? AREA_CODES[random.nextInt(5)]
                    : draw < 0.75 ? AREA_CODES[5 + random.nextInt(AREA_CODES.length - 5)]
                    : draw < 0.9 ? SAME_STATE[random.nextInt(SAME_STATE.length)]
                    : ELSEWHERE[random.nextInt(ELSEWHERE.length)];
            contacts.add(String.format("+1%s%07d", areaCode, 2000000 + random.nextInt(7_000_000)));
        }
        jdbc.execute("VACUUM ANALYZE asterisk_dids");
    }

    /**
     * Back to an unused pool: no usage, no calls in any cap's window, no sticky choice. The earlier calls and choices
     * are aged out of every window rather than deleted, so that the tables keep their rows, as in service: statistics
     * of tables just emptied would have PostgreSQL plan (and keep, in the pool's prepared statements, until the next
     * autoanalyze) whole scans of tables that the run then fills, a state a service in use is never in.
     */
    private void reset() {
        jdbc.update("UPDATE asterisk_dids SET usage_count = 0, last_used_at = NULL,"
                + " last_call_at = last_call_at - INTERVAL '400 days',"
                + " calls_hour_since = calls_hour_since - INTERVAL '400 days',"
                + " calls_day_since = calls_day_since - INTERVAL '400 days' WHERE tenant_id = ?", tenant.value());
        jdbc.update("UPDATE did_calls SET at = at - INTERVAL '400 days'"
                + " WHERE did_id IN (SELECT id FROM asterisk_dids WHERE tenant_id = ?)", tenant.value());
        jdbc.update("UPDATE sticky_caller_ids SET at = at - INTERVAL '400 days' WHERE tenant_id = ?", tenant.value());
        jdbc.execute("VACUUM ANALYZE asterisk_dids");
        jdbc.execute("VACUUM ANALYZE did_calls");
        jdbc.execute("VACUUM ANALYZE sticky_caller_ids");
    }

    /** The most calls any DID took in a window of this length, counted from its calls in the database. */
    private long mostInWindow(String window) {
        return jdbc.queryForObject("SELECT coalesce(max(n), 0) FROM (" + windows(window) + ") w", Long.class,
                tenant.value());
    }

    private long overruns(String window, int cap) {
        return jdbc.queryForObject("SELECT count(*) FROM (" + windows(window) + ") w WHERE n > ?", Long.class,
                tenant.value(), cap);
    }

    /** For every call: how many calls of its DID fall in the window ending with it. */
    private static String windows(String window) {
        return """
                SELECT count(*) OVER (PARTITION BY c.did_id ORDER BY c.at
                                      RANGE BETWEEN INTERVAL '%s' PRECEDING AND CURRENT ROW) AS n
                  FROM did_calls c JOIN asterisk_dids d ON d.id = c.did_id WHERE d.tenant_id = ?""".formatted(window);
    }

    interface Operation {
        void call() throws Exception;
    }

    private Result measure(Operation operation, Duration length) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong operations = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + length.toNanos();
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
