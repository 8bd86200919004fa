package io.didpool.bench;

import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.didpool.DidpoolApplication;
import io.didpool.callinghours.CallingHoursService;
import io.didpool.callinghours.CallingWindows;
import io.didpool.callinghours.Opening;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.MovableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench/dialer hours [contacts] [clock-start]}: calls waiting for their calling hours must not slow the calls
 * that may go (issue 27). Two didpool instances on one embedded PostgreSQL, the dry-run dialer (no AMI host: each
 * call "rings" 2 s and lasts 3 s on timers), one trunk at 100 CPS, a tenant on the shipped default hours (08:00–21:00
 * local). The services' clock (one {@link MovableClock} for both) reads {@code clock-start} Eastern (default 07:59) on
 * Wednesday 2027-01-13 when the contacts are queued.
 *
 * <p>Run 1: {@code contacts} (default 100,000) queued at once, 10 % New York, 30 % each Chicago, Denver and Los
 * Angeles; measured while Eastern's 10 % dial (the other 90 % waiting), then cancelled. Run 2: 10 % as many, all New
 * York and all inside their window, on a trunk of their own (none waiting). Each: set-ups per 1-s window (by
 * {@code calls.slot_at}), the claim timer {@code didpool.dial.claim} of both instances over the run only (from its
 * cumulative buckets), the campaign's {@code waiting}. Last, every claimed call is checked against the tenant's hours
 * on the services' clock. See docs/benchmarks.md.
 */
public final class CallingHoursBenchmark {

    private static final int CPS = 100;
    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    /** A Wednesday, no holiday near: every zone has an ordinary weekday window. */
    private static final LocalDate DAY = LocalDate.of(2027, 1, 13);
    /** Area codes by the zone their numbers must map to; the first gets 10 % of the contacts, the others 30 % each. */
    private static final Map<String, List<String>> ZONES = zones();
    /** Calls dialled before the measured runs, on a trunk of their own, to warm the JIT (about a minute). */
    private static final int WARM_UP_CALLS = 6_000;
    /** How long before {@code clock-start} the clock starts, for the warm-up to dial in. */
    private static final Duration WARM_UP_CLOCK = Duration.ofMinutes(10);

    private final EmbeddedPostgres postgres;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final MovableClock clock = new MovableClock();
    private ApiClient tenant;
    private CallingWindows hours;

    private CallingHoursBenchmark(Instant clockStart) throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("didpool-bench-hours"))
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200")
                .setServerConfig("synchronous_commit", "on")
                // in the bench's output, to set beside the seconds with fewer set-ups
                .setServerConfig("log_checkpoints", "on")
                .setServerConfig("log_autovacuum_min_duration", "0")
                .start();
        // one clock for both instances, as OwnClock gives the tests theirs: didpool.clock.start starts each
        // instance's clock when that instance creates it, and two start-ups differ by seconds (8 s, measured)
        // the warm-up dials before the opening: the clock reaches clockStart only when the measured campaign is queued
        clock.set(clockStart.minus(WARM_UP_CLOCK));
        for (int i = 0; i < 2; i++) {
            instances.add(new SpringApplicationBuilder(DidpoolApplication.class)
                    .initializers(context -> context.getBeanFactory().registerSingleton("benchClock", clock))
                    .run("--server.port=0", "--didpool.agi.bind=off",
                    "--didpool.db.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                    "--didpool.data-dir=" + Files.createTempDirectory("didpool-bench-hours-data"),
                    "--didpool.asterisk.dry-run.ring=2s", "--didpool.asterisk.dry-run.call=3s",
                    "--didpool.asterisk.dry-run-history=0",
                    // cumulative buckets: a run's claims are the difference of two snapshots
                    "--management.metrics.distribution.slo." + ClaimTimes.TIMER + "=" + ClaimTimes.boundaries(),
                    "--logging.level.root=WARN",
                    // PostgreSQL's own log (checkpoints, autovacuum), beside the seconds with fewer set-ups
                    "--logging.level.io.zonky.test.db.postgres.embedded.EmbeddedPostgres=INFO"));
        }
    }

    public static void main(String[] args) throws Exception {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        LocalTime start = args.length > 1 ? LocalTime.parse(args[1]) : LocalTime.of(7, 59);
        Instant clockStart = ZonedDateTime.of(DAY, start, EASTERN).toInstant();
        checkZones();
        CallingHoursBenchmark bench = new CallingHoursBenchmark(clockStart);
        try {
            System.out.printf("%nbench/dialer hours: %d contacts, clock started at %s Eastern (%s), now %s, "
                    + "2 instances on that one clock, dry-run dialer (ring 2 s, call 3 s), one trunk at %d CPS, JVM "
                    + "max heap %d MB%n", contacts, start, clockStart, local(bench.clock(1).instant()), CPS,
                    Runtime.getRuntime().maxMemory() >> 20);
            bench.tenant();
            bench.warmUp(WARM_UP_CALLS);
            Run waiting = bench.run("HOURS", "waiting", 14152000000L, acrossZones(contacts, 234), true,
                    clockStart);
            Run none = bench.run("NONE", "none", 14153000000L, numbers(ZONES.get("America/New_York"),
                    contacts / 10, 456), false, null);
            System.out.println();
            System.out.println("| run | calls waiting (min–max) | set-ups | seconds | mean set-ups/s | 1-s windows with "
                    + "≥ " + CPS + " allowed and ready | set-ups/s in them: mean / min | claims | claim p50 / p99 ms "
                    + "| heap peak MB |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            waiting.print();
            none.print();
            System.out.printf("%nclaim p99 with calls waiting / with none: %.2f (target ≤ 1.2)%n",
                    waiting.p99() / none.p99());
            for (Run run : List.of(waiting, none)) {
                System.out.printf("run %s: lowest set-ups/s in a window with ≥ %d allowed and ready: %d; windows "
                        + "under %.0f: %d of %d (target: none)%n", run.name(), CPS, run.minPerWindow(), 0.9 * CPS,
                        run.perWindow().stream().filter(n -> n < 0.9 * CPS).count(), run.perWindow().size());
                System.out.println("  set-ups in each of those windows, in order: " + run.perWindow());
            }
            bench.outside();
        } finally {
            bench.close();
        }
        // a failed run must not leave the JVM behind on threads the instances did not stop
        System.exit(0);
    }

    /**
     * Dials {@code calls} New York numbers on a trunk of their own, under a campaign's all-day hours, until none is
     * ready or in progress. Without it, the first seconds after the opening ran the claim, rotation and the call's
     * events through a JVM that had not compiled them yet, and set-ups fell under 90 a second there only. A service
     * that has dialled before is past that; the run "none" came after the run "waiting" and never had those dips.
     */
    private void warmUp(int calls) throws Exception {
        ApiClient admin = ApiClient.admin(instances.get(0));
        admin.put("/api/admin/trunks/WARMUP", Map.of("callsPerSecond", CPS)).expect(200);
        String journey = DialBench.journey(tenant, "WARMUP", "warmup", 14154000000L);
        Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("journeyId", journey);
        campaign.put("name", "warm-up");
        campaign.put("contacts", numbers(ZONES.get("America/New_York"), calls, 789).stream()
                .map(n -> Map.of("phoneNumber", n)).toList());
        campaign.put("callingHours", DialBench.allDay());
        tenant.withTimeout(Duration.ofMinutes(5)).post("/api/campaigns", campaign).expect(201);
        long started = System.nanoTime();
        while (jdbc().sql("SELECT count(*) FROM calls WHERE trunk = 'WARMUP' AND state IN ('QUEUED', 'DIALING')")
                .query(Long.class).single() > 0) {
            if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException("the warm-up did not finish in 5 minutes");
            }
            Thread.sleep(250);
        }
        System.out.printf("warm-up: %d calls on trunk WARMUP in %.0f s, clock now %s Eastern%n", calls,
                (System.nanoTime() - started) / 1e9, local(clock(0).instant()));
    }

    /** One campaign on a trunk of its own, measured from its first set-up slot until none of it is ready any more. */
    private Run run(String trunk, String segment, long firstDid, List<String> numbers, boolean cancelAfter,
            Instant clockStart)
            throws Exception {
        ApiClient admin = ApiClient.admin(instances.get(0));
        admin.put("/api/admin/trunks/" + trunk, Map.of("callsPerSecond", CPS)).expect(200);
        String journey = DialBench.journey(tenant, trunk, segment, firstDid);
        List<Map<String, String>> list = numbers.stream().map(n -> Map.of("phoneNumber", n)).toList();
        AtomicLong heapPeak = new AtomicLong();
        ScheduledExecutorService sampler = DialBench.sampleHeap(heapPeak);
        if (cancelAfter) {
            // the contacts are queued at the clock's start, however long the instances and the warm-up took
            if (!clock.instant().isBefore(clockStart)) {
                throw new IllegalStateException("the warm-up ran past the clock's start: the clock would go back");
            }
            clock.set(clockStart);
        }
        Instant posted = clock(0).instant();
        JsonNode created = tenant.withTimeout(Duration.ofMinutes(10)).post("/api/campaigns", Map.of("journeyId",
                journey, "name", segment, "contacts", list)).expect(201).json();
        String campaign = created.get("id").asString();
        Instant opening = numbers.stream().map(n -> hours.next(n, posted).opensAt()).min(Instant::compareTo)
                .orElseThrow();
        System.out.printf("run %s: %d contacts queued from %s to %s Eastern (clock); waiting %d %s; first window "
                + "opens %s%n", segment, numbers.size(), local(posted), local(clock(0).instant()),
                created.get("waiting").asLong(), created.get("waitingByReason"), local(opening));
        long untilOpening = Duration.between(clock(0).instant(), opening).toMillis() - 500;
        if (untilOpening > 0) {
            Thread.sleep(untilOpening);
        }
        ClaimTimes before = ClaimTimes.of(instances);
        long minWaiting = Long.MAX_VALUE;
        long maxWaiting = 0;
        long lastProgress = System.nanoTime();
        long lastLeft = -1;
        for (int poll = 0; true; poll++) {
            if (poll % 20 == 0) {
                // the campaign's answer counts its waiting calls (a scan of 90,000 rows): every 5 s, not at each
                // poll, or the reading would load the run it measures more than the run without waiting calls
                long waiting = tenant.get("/api/campaigns/" + campaign).expect(200).json().get("waiting").asLong();
                minWaiting = Math.min(minWaiting, waiting);
                maxWaiting = Math.max(maxWaiting, waiting);
            }
            // ready (not waiting) or in progress: through calls_ready and calls_dialing
            long left = jdbc().sql("""
                            SELECT (SELECT count(*) FROM calls WHERE trunk = :t AND flow_id = CAST(:f AS uuid)
                                       AND state = 'QUEUED' AND ready_at <= now())
                                 + (SELECT count(*) FROM calls WHERE trunk = :t AND state = 'DIALING')""")
                    .param("t", trunk).param("f", campaign).query(Long.class).single();
            if (left == 0 && clock(0).instant().isAfter(opening.plusSeconds(1))) {
                break;
            }
            if (left != lastLeft) {
                lastLeft = left;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.MINUTES.toNanos(2)) {
                System.out.printf("run %s: no progress for 2 minutes, %d left: stopped (see the figures)%n",
                        segment, left);
                break;
            }
            Thread.sleep(250);
        }
        ClaimTimes after = ClaimTimes.of(instances);
        sampler.shutdownNow();
        if (cancelAfter) {
            tenant.post("/api/campaigns/" + campaign + "/cancel", Map.of()).expect(200);
        }
        return setUps(segment, trunk, minWaiting, maxWaiting, after.minus(before), heapPeak.get());
    }

    /** Set-ups by their slots ({@code calls.slot_at}, database time), per 1-s window from the first slot. */
    private Run setUps(String name, String trunk, long minWaiting, long maxWaiting, ClaimTimes claims, long heap) {
        List<Instant[]> rows = jdbc().sql("SELECT ready_at, window_closes_at, slot_at FROM calls WHERE trunk = :t")
                .param("t", trunk)
                .query((rs, n) -> new Instant[] {instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2)),
                    instant(rs.getTimestamp(3))})
                .list();
        List<Instant> slots = rows.stream().map(r -> r[2]).filter(s -> s != null).sorted().toList();
        Instant first = slots.get(0);
        Instant last = slots.get(slots.size() - 1);
        double seconds = Duration.between(first, last).toNanos() / 1e9;
        List<Long> perWindow = new ArrayList<>();
        for (Instant w = first; !w.plusSeconds(1).isAfter(last); w = w.plusSeconds(1)) {
            Instant from = w;
            Instant to = w.plusSeconds(1);
            long allowed = rows.stream().filter(r -> !r[0].isAfter(from) && (r[1] == null || r[1].isAfter(from))
                    && (r[2] == null || !r[2].isBefore(from))).count();
            if (allowed >= CPS) {
                long n = slots.stream().filter(s -> !s.isBefore(from) && s.isBefore(to)).count();
                perWindow.add(n);
                if (n < 0.9 * CPS) {
                    // database time, to set beside PostgreSQL's log (checkpoints, autovacuum) and the GC log
                    System.out.printf("run %s: %d set-ups in the window from %s (database time)%n", name, n, from);
                }
            }
        }
        return new Run(name, minWaiting, maxWaiting, slots.size(), seconds, (slots.size() - 1) / seconds,
                perWindow, claims.count(), claims.percentile(0.5), claims.percentile(0.99), heap >> 20);
    }

    /**
     * Every claimed call against the tenant's hours, at its claim and at its slot, on the services' clock (the
     * database's time plus the clock's offset from it, measured once).
     */
    private void outside() {
        Instant db = jdbc().sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
        Duration offset = Duration.between(db, clock(0).instant());
        long[] counts = new long[3];
        Duration[] worst = {Duration.ZERO};
        // the warm-up's calls had hours of their own (all day)
        jdbc().sql("SELECT destination, claimed_at, slot_at FROM calls WHERE claimed_at IS NOT NULL AND trunk <> :w")
                .param("w", "WARMUP").query(rs -> {
            counts[0]++;
            String destination = rs.getString("destination");
            Instant claimed = rs.getTimestamp("claimed_at").toInstant().plus(offset);
            Duration early = early(destination, claimed);
            counts[1] += early.isZero() ? 0 : 1;
            worst[0] = early.compareTo(worst[0]) > 0 ? early : worst[0];
            // the Originate leaves at its slot, or at once when the slot was already past at the claim (a slot may be
            // up to didpool.dial.catch-up before the claim): the later of the two
            Timestamp slot = rs.getTimestamp("slot_at");
            Instant setUp = slot == null || slot.toInstant().isBefore(claimed.minus(offset)) ? claimed
                    : slot.toInstant().plus(offset);
            counts[2] += early(destination, setUp).isZero() ? 0 : 1;
        });
        System.out.printf("calls outside any window: %d at their claim (at most %d ms before their window "
                + "opened), %d at their set-up slot, of %d claimed (clock − database: %d ms) (target 0)%n",
                counts[1], worst[0].toMillis(), counts[2], counts[0], offset.toMillis());
    }

    /** How long before its window opens a call to {@code destination} at {@code at} is: zero when inside. */
    private Duration early(String destination, Instant at) {
        Opening opening = hours.next(destination, at);
        return opening.isRefused() ? ChronoUnit.FOREVER.getDuration() : Duration.between(at, opening.opensAt());
    }

    /** The tenant, on the shipped default hours; its hours as its API answers them are what the check applies. */
    private void tenant() {
        tenant = ApiClient.admin(instances.get(0)).newTenant("hours");
        UUID id = jdbc().sql("SELECT id FROM tenants ORDER BY created_at DESC LIMIT 1").query(UUID.class).single();
        hours = instances.get(0).getBean(CallingHoursService.class).windows(new TenantId(id), null, null);
    }

    private record Run(String name, long minWaiting, long maxWaiting, int setUps, double seconds, double mean,
            List<Long> perWindow, long claims, double p50, double p99, long heapMb) {

        long minPerWindow() {
            return perWindow.stream().mapToLong(Long::longValue).min().orElse(0);
        }

        void print() {
            System.out.printf("| %s | %d–%d | %d | %.0f | %.1f | %d | %.1f / %d | %d | %.2f / %.2f | %d |%n", name,
                    minWaiting, maxWaiting, setUps, seconds, mean, perWindow.size(),
                    perWindow.stream().mapToLong(Long::longValue).average().orElse(0), minPerWindow(), claims, p50,
                    p99, heapMb);
        }
    }

    /** {@code total} numbers, the zones' shares in a seeded random order. */
    private static List<String> acrossZones(int total, int exchange) {
        List<String> all = new ArrayList<>();
        int eastern = total / 10;
        int rest = total - eastern;
        int i = 0;
        for (List<String> codes : ZONES.values()) {
            int n = i == 0 ? eastern : i < 3 ? rest / 3 : rest - 2 * (rest / 3);
            all.addAll(numbers(codes, n, exchange));
            i++;
        }
        Collections.shuffle(all, new Random(27));
        return all;
    }

    /** {@code n} distinct numbers over the area codes: exchanges from {@code exchange} on (valid NANP, not 555). */
    private static List<String> numbers(List<String> codes, int n, int exchange) {
        List<String> numbers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int j = i / codes.size();
            numbers.add("+1%s%d%04d".formatted(codes.get(i % codes.size()), exchange + j / 10_000, j % 10_000));
        }
        return numbers;
    }

    /** Refuses to run when an area code's numbers do not map to the zone (and only the zone) they stand for. */
    private static void checkZones() throws Exception {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (Map.Entry<String, List<String>> zone : ZONES.entrySet()) {
            for (String code : zone.getValue()) {
                for (String number : List.of("+1" + code + "2340000", "+1" + code + "4569999")) {
                    List<String> found = PhoneNumberToTimeZonesMapper.getInstance()
                            .getTimeZonesForNumber(util.parse(number, "US"));
                    if (!found.equals(List.of(zone.getKey()))) {
                        throw new IllegalStateException(number + " maps to " + found + ", not " + zone.getKey());
                    }
                }
            }
        }
    }

    private static Map<String, List<String>> zones() {
        Map<String, List<String>> zones = new LinkedHashMap<>();
        zones.put("America/New_York", List.of("212", "646", "718", "917"));
        zones.put("America/Chicago", List.of("312", "773"));
        zones.put("America/Denver", List.of("303", "720"));
        zones.put("America/Los_Angeles", List.of("213", "310", "323"));
        return zones;
    }

    private static String local(Instant at) {
        return at.atZone(EASTERN).toLocalTime().toString();
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    private Clock clock(int instance) {
        return instances.get(instance).getBean(Clock.class);
    }

    private JdbcClient jdbc() {
        return instances.get(0).getBean(JdbcClient.class);
    }

    private void close() throws Exception {
        instances.forEach(ConfigurableApplicationContext::close);
        postgres.close();
    }
}
