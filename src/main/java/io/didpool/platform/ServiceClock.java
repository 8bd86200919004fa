package io.didpool.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's clock: what decides where in the callee's week a call is (calling hours). The system clock, unless
 * {@code didpool.clock.start} (environment {@code DIDPOOL_CLOCK_START}, an ISO instant) starts it elsewhere: from
 * then on it runs at the system clock's pace from that instant. Tests and benchmarks use it to be at a known hour of a
 * known day; never set it in production.
 *
 * <p>How it agrees with the database's clock, which decides in SQL: both run at the same pace, so their offset is
 * constant; {@code dialing.CallingHoursWaits} reads the two together (this clock before and after one
 * {@code clock_timestamp()}) and turns an opening or a close on this clock into the database's time with that offset,
 * however far apart their readings are.
 */
@Configuration(proxyBeanMethods = false)
class ServiceClock {

    /** Unless there is a clock already (a test's own, which it moves). */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock(@Value("${didpool.clock.start:}") String start) {
        if (start.isBlank()) {
            return Clock.systemUTC();
        }
        try {
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse(start.strip())));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("didpool.clock.start: not an ISO instant such as 2027-01-13T19:00:00Z: "
                    + start.strip());
        }
    }
}
