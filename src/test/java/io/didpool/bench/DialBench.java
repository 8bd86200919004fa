package io.didpool.bench;

import io.didpool.testsupport.ApiClient;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** What the dialler benchmarks ({@link DialerBenchmark}, {@link CallingHoursBenchmark}) share. */
final class DialBench {

    private DialBench() {
    }

    /** The value at {@code percent} of {@code values} (nearest rank), 0 when there is none. */
    static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    /** Samples the JVM's used heap every 200 ms into {@code peak}, until the executor is shut down. */
    static ScheduledExecutorService sampleHeap(AtomicLong peak) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max),
                0, 200, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** Ten DIDs of {@code segment} on {@code trunk} from {@code firstNumber}, and a journey of one call from them. */
    static String journey(ApiClient tenant, String trunk, String segment, long firstNumber) {
        for (int i = 0; i < 10; i++) {
            tenant.post("/api/asterisk-dids", Map.of("number", "+" + (firstNumber + i), "segment", segment,
                    "trunk", trunk)).expect(201);
        }
        return tenant.post("/api/journeys", Map.of("name", segment, "nodes", List.of(Map.of("type", "MAKE_CALL",
                "config", Map.of("didSegment", segment))))).expect(201).json().get("id").asString();
    }

    /** Every day 00:00–24:00, no region's own: a run that is not about calling hours runs at any hour. */
    static void callAllDay(ApiClient tenant) {
        tenant.put("/api/calling-hours", allDay()).expect(200);
    }

    /** Calling hours (the API's shape) that allow every hour of every day. */
    static Map<String, Object> allDay() {
        Map<String, Object> days = new LinkedHashMap<>();
        for (String day : List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")) {
            days.put(day, Map.of("start", "00:00", "end", "24:00"));
        }
        return Map.of("timeZoneUnknown", "STRICTEST", "days", days, "regions", Map.of(), "closedDates", List.of());
    }
}
