package io.didpool.asterisk;

import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** The AMI link and dialer when {@code DIDPOOL_AMI_HOST} is set; the dry-run dialer when it is not. */
@Configuration(proxyBeanMethods = false)
class AsteriskConfiguration {

    @Bean
    AmiSettings amiSettings(@Value("${didpool.ami.host:}") String host, @Value("${didpool.ami.port:5038}") int port,
            @Value("${didpool.ami.username:}") String username, @Value("${didpool.ami.password:}") String password,
            @Value("${didpool.asterisk.context:didpool-outbound}") String context,
            @Value("${didpool.asterisk.ring-timeout:30s}") Duration ringTimeout,
            @Value("${didpool.asterisk.outcome-grace:2s}") Duration outcomeGrace,
            @Value("${didpool.ami.response-timeout:5s}") Duration responseTimeout) {
        return new AmiSettings(host.strip(), port, username, password, context, ringTimeout, outcomeGrace,
                responseTimeout);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @Conditional(AmiConfigured.class)
    AmiLink amiLink(AmiSettings settings) {
        return new AmiLink(settings);
    }

    @Bean
    Dialer dialer(AmiSettings settings, ObjectProvider<AmiLink> link,
            @Value("${didpool.asterisk.dry-run-history:200}") int history) {
        AmiLink ami = link.getIfAvailable();
        return ami == null ? new DryRunDialer(settings.context(), settings.ringTimeout(), history)
                : new AmiDialer(ami, settings);
    }

    static class AmiConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("didpool.ami.host"));
        }
    }
}
