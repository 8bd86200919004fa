package io.didpool.dialing;

import io.didpool.did.DidRules;
import io.didpool.trunk.TrunkService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Dialling metrics per trunk: {@code didpool_call_setups_total} and {@code didpool_carrier_refusals_total} (counted by
 * the instance that sent the Originate: sum them over instances), and the gauges {@code didpool_calls_in_progress}
 * and {@code didpool_dial_queue} (read from the database, the same on every instance). A trunk's name is a label only
 * when the admin configured the trunk, or for the default trunk; any other trunk a tenant names counts as
 * {@code other}, so that tenants cannot add series at will.
 */
@Component
@EnableScheduling
class DialingMetrics {

    static final String OTHER = "other";

    private final MeterRegistry meters;
    private final TrunkService trunks;
    private final CallReads calls;
    private final MultiGauge inProgress;
    private final MultiGauge queued;

    DialingMetrics(MeterRegistry meters, TrunkService trunks, CallReads calls) {
        this.meters = meters;
        this.trunks = trunks;
        this.calls = calls;
        this.inProgress = MultiGauge.builder("didpool.calls.in.progress")
                .description("Calls set up and not yet ended, per trunk, all instances").register(meters);
        this.queued = MultiGauge.builder("didpool.dial.queue")
                .description("Calls waiting for a set-up slot, per trunk, all instances").register(meters);
    }

    /**
     * {@code didpool_dial_claim_seconds}: how long a claim of set-up slots takes, all trunks (its p50 and p99 are
     * published): what waiting calls must not make slower.
     */
    Timer claims() {
        return Timer.builder("didpool.dial.claim").description("Claims of set-up slots, one transaction each")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    void setUp(String trunk) {
        counter("didpool.call.setups", "Originates sent to Asterisk", trunk).increment();
    }

    void refused(String trunk) {
        counter("didpool.carrier.refusals", "Call set-ups the carrier refused (SIP 503 / congestion)", trunk)
                .increment();
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${didpool.metrics.dialing-refresh:PT5S}")
    void refresh() {
        List<CallReads.TrunkLoad> load;
        try {
            load = calls.load();
        } catch (DataAccessException e) {
            return;
        }
        Map<String, long[]> byLabel = new TreeMap<>();
        for (CallReads.TrunkLoad trunk : load) {
            long[] sums = byLabel.computeIfAbsent(label(trunk.trunk()), l -> new long[2]);
            sums[0] += trunk.dialing();
            sums[1] += trunk.queued();
        }
        inProgress.register(byLabel.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("trunk", e.getKey()), e.getValue()[0]))
                .toList(), true);
        queued.register(byLabel.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("trunk", e.getKey()), e.getValue()[1]))
                .toList(), true);
    }

    private Counter counter(String name, String description, String trunk) {
        return Counter.builder(name).description(description).tag("trunk", label(trunk)).register(meters);
    }

    private String label(String trunk) {
        return DidRules.DEFAULT_TRUNK.equals(trunk) || trunks.get(trunk).configured() ? trunk : OTHER;
    }
}
