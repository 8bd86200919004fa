package io.didpool.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * An {@link IntegrationTest} whose dry-run calls stay in progress (answered at once, ended only after ten minutes),
 * so that calls in progress can be seen and counted. Its application dials on a database of its own: the suite's
 * other instances, on the shared database, would otherwise take its calls and end them at once. A stopping instance
 * ends its calls at once instead of waiting for them. Every class so annotated shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = LongDryRunCalls.Initializer.class)
public @interface LongDryRunCalls {

    class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String database = TestDatabase.databaseOf("long_calls");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("long dry-run calls",
                    Map.of("didpool.db.url", database,
                            "didpool.asterisk.dry-run.call", "10m",
                            "didpool.dialing.shutdown-max-wait", "0s")));
        }
    }
}
