package io.didpool.twilio;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Meters of the imports, for dashboards and alerts: {@code didpool.import.runs} by result (succeeded, failed,
 * refused when another import of the tenant was running), {@code didpool.import.numbers} by outcome (created,
 * updated, unchanged, failed), counted page by page so that a failed run shows what it did, and
 * {@code didpool.import.duration}. Every meter is tagged with the source and whether it was a dry run.
 */
@Component
class ImportMetrics {

    private static final String SOURCE = "twilio";

    private final MeterRegistry registry;

    ImportMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void run(String result, boolean dryRun, Duration took) {
        Counter.builder("didpool.import.runs")
                .description("Imports of provider numbers, by result")
                .tags("source", SOURCE, "result", result, "dry_run", String.valueOf(dryRun))
                .register(registry)
                .increment();
        Timer.builder("didpool.import.duration")
                .description("How long imports of provider numbers take")
                .tags("source", SOURCE, "result", result, "dry_run", String.valueOf(dryRun))
                .register(registry)
                .record(took);
    }

    void numbers(String outcome, boolean dryRun, int count) {
        if (count > 0) {
            Counter.builder("didpool.import.numbers")
                    .description("Numbers read from a provider by an import, by what the import did with them")
                    .tags("source", SOURCE, "outcome", outcome, "dry_run", String.valueOf(dryRun))
                    .register(registry)
                    .increment(count);
        }
    }
}
