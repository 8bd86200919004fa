package io.didpool.twilio;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ownership check of every tenant ({@link OwnershipCheck#checkAll}) on {@code didpool.twilio.ownership-check-cron}
 * ({@code DIDPOOL_TWILIO_OWNERSHIP_CHECK_CRON}, a Spring-style cron in the JVM's default time zone; default every six
 * hours at a quarter past; {@code -}: never). A db-scheduler recurring task, so that each firing runs on exactly one
 * instance.
 */
@Configuration(proxyBeanMethods = false)
class ScheduledOwnershipCheck {

    static final String TASK = "twilio-ownership-check";

    @Bean
    RecurringTask<Void> twilioOwnershipCheckTask(OwnershipCheck check,
            @Value("${didpool.twilio.ownership-check-cron:0 15 */6 * * *}") String cron) {
        return Tasks.recurring(TASK, Schedules.cron(cron.isBlank() ? "-" : cron))
                .execute((instance, context) -> check.checkAll());
    }
}
