package io.didpool.dialing;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.SystemClock;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Calls in progress of an instance that died (stopped proving it is alive for {@code reviveAfter}) end as
 * interrupted: their Originate may have been sent, so they are never dialled again, and the step they served fails
 * saying so. A db-scheduler recurring task, so that one instance at a time does it, every heartbeat interval.
 *
 * <p>Silence counts only while the database answers. After an outage (the task itself could not run for three
 * heartbeats), no instance could prove it was alive, though its calls may still be up at the carrier: interrupting
 * them would free their trunk's slots while they are. So the task carries when the database answered again, and
 * revives nobody until it has answered for {@code reviveAfter}.
 */
@Configuration(proxyBeanMethods = false)
class CallRevival {

    private static final Logger log = LoggerFactory.getLogger(CallRevival.class);
    static final String REASON = "interrupted: the instance dialling it stopped before its end was known; not retried,"
            + " so that the contact is never called twice";

    @Bean
    RecurringTask<Instant> dialingRevival(CallLifecycle calls, DialFlows flows, DialerInstances instances,
            DialNotifier notifier, TransactionTemplate transactions, ApplicationEventPublisher events,
            DialingProperties properties, ObjectProvider<Clock> clock) {
        // db-scheduler's clock, which times lastSuccess: not the service's clock of calling hours, which tests start
        // elsewhere (a silence is a real duration)
        Clock time = clock.getIfAvailable(SystemClock::new);
        return Tasks.recurring("dialing-revival", Schedules.fixedDelay(properties.heartbeat()), Instant.class)
                .executeStateful((task, context) -> {
                    Instant answeringSince = answeringSince(task.getData(), context.getExecution().lastSuccess,
                            time.now(), properties.heartbeat());
                    if (!answeringSince.plus(properties.reviveAfter()).isAfter(time.now())) {
                        transactions.executeWithoutResult(status -> revive(calls, flows, instances, notifier, events,
                                properties));
                    }
                    return answeringSince;
                });
    }

    /**
     * Since when the database has answered without a gap, as far as this task can tell: {@code now} when the task
     * had not run for three heartbeats (or never ran, or carries nothing yet), {@code carried} otherwise.
     */
    static Instant answeringSince(Instant carried, Instant lastSuccess, Instant now, Duration heartbeat) {
        boolean gap = lastSuccess == null || lastSuccess.isBefore(now.minus(heartbeat.multipliedBy(3)));
        return gap || carried == null ? now : carried;
    }

    private static void revive(CallLifecycle calls, DialFlows flows, DialerInstances instances, DialNotifier notifier,
            ApplicationEventPublisher events, DialingProperties properties) {
        List<EndedCall> interrupted = calls.interrupt(null, properties.reviveAfter(), REASON);
        Set<String> trunks = new LinkedHashSet<>();
        for (EndedCall call : interrupted) {
            events.publishEvent(call.event());
            trunks.add(call.trunk());
        }
        trunks.forEach(notifier::notify);
        instances.forgetSilent(properties.reviveAfter().multipliedBy(10));
        flows.forgetIdle();
        if (!interrupted.isEmpty()) {
            log.warn("Dialling: {} calls of instances silent for {} ended as interrupted", interrupted.size(),
                    properties.reviveAfter());
        }
    }
}
