package io.didpool.dialing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Calls in progress of an instance that died (stopped proving it is alive for {@code reviveAfter}) end as
 * interrupted: their Originate may have been sent, so they are never dialled again, and the step they served fails
 * saying so. A db-scheduler recurring task, so that one instance at a time does it, every heartbeat interval.
 */
@Configuration(proxyBeanMethods = false)
class CallRevival {

    private static final Logger log = LoggerFactory.getLogger(CallRevival.class);
    static final String REASON = "interrupted: the instance dialling it stopped before its end was known; not retried,"
            + " so that the contact is never called twice";

    @Bean
    RecurringTask<Void> dialingRevival(CallLifecycle calls, DialFlows flows, DialerInstances instances,
            DialNotifier notifier, TransactionTemplate transactions, ApplicationEventPublisher events,
            DialingProperties properties) {
        return Tasks.recurring("dialing-revival", Schedules.fixedDelay(properties.heartbeat()))
                .execute((instance, context) -> transactions.executeWithoutResult(status -> {
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
                        log.warn("Dialling: {} calls of instances silent for {} ended as interrupted",
                                interrupted.size(), properties.reviveAfter());
                    }
                }));
    }
}
