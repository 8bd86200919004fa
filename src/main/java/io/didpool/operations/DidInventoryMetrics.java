package io.didpool.operations;

import io.didpool.did.DidService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;

import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code didpool.dids} ({@code didpool_dids} in Prometheus): how many DIDs are in each status, summed over
 * all tenants. Not by segment: segments are named by tenants, and a label that takes their values would grow the
 * metrics with every name any tenant makes up, and show those names to whoever scrapes. Read from
 * the database every {@code didpool.metrics.inventory-refresh} (default 30 s) rather than on every scrape; every
 * instance sharing the database reports the same figures.
 */
@Component
@EnableScheduling
class DidInventoryMetrics {

    private final DidService dids;
    private final MultiGauge gauge;

    DidInventoryMetrics(DidService dids, MeterRegistry meters) {
        this.dids = dids;
        this.gauge = MultiGauge.builder("didpool.dids")
                .description("DIDs by status, all tenants")
                .register(meters);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${didpool.metrics.inventory-refresh:PT30S}")
    void refresh() {
        List<MultiGauge.Row<?>> rows = dids.inventory().stream()
                .<MultiGauge.Row<?>>map(count -> MultiGauge.Row.of(Tags.of("status", count.status()), count.dids()))
                .toList();
        // overwrite: a status that no longer holds any DID disappears instead of staying at its last value
        gauge.register(rows, true);
    }
}
