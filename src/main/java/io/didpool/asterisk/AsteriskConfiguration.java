package io.didpool.asterisk;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** The AMI link, dialer and inbound calls' ends when {@code DIDPOOL_AMI_HOST} is set; the dry-run dialer when it is not. */
@Configuration(proxyBeanMethods = false)
class AsteriskConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @Conditional(AmiConfigured.class)
    AmiLink amiLink(AmiProperties settings) {
        return new AmiLink(settings);
    }

    @Bean
    @Conditional(AmiConfigured.class)
    InboundChannelWatch inboundChannelWatch(AmiLink link, ApplicationEventPublisher events) {
        return new InboundChannelWatch(link, events);
    }

    @Bean(destroyMethod = "close")
    CallTimers callTimers() {
        return new CallTimers();
    }

    @Bean
    Dialer dialer(AsteriskProperties settings, ObjectProvider<AmiLink> link, CallTimers timers) {
        AmiLink ami = link.getIfAvailable();
        return ami == null ? new DryRunDialer(settings, timers) : new AmiDialer(ami, settings, timers);
    }

    static class AmiConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("didpool.ami.host"));
        }
    }
}
