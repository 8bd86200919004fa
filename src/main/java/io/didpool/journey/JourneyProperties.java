package io.didpool.journey;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this instance works the execution queue ({@code didpool.journeys.*}, or {@code DIDPOOL_JOURNEYS_*}).
 *
 * @param worker          false: this instance queues executions but never runs them (an API-only instance)
 * @param threads         executions run at once by this instance (each holds a thread while its call rings)
 * @param pollingInterval how often an idle worker looks for due executions; new ones on this instance start at once
 * @param heartbeat       how often a worker proves it is alive; a run whose worker missed 6 is revived elsewhere
 * @param shutdownMaxWait how long a stopping instance lets running executions finish
 */
@ConfigurationProperties("didpool.journeys")
record JourneyProperties(
        @DefaultValue("true") boolean worker,
        @DefaultValue("10") int threads,
        @DefaultValue("500ms") Duration pollingInterval,
        @DefaultValue("30s") Duration heartbeat,
        @DefaultValue("30s") Duration shutdownMaxWait) {
}
