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
 * An {@link IntegrationTest} whose service runs on {@link #CLOCK}, which its tests move, and dials on a database of
 * its own: on the shared database the suite's other instances, on the suite's clock, would claim its calls and work
 * out their windows on their clocks. Its dry-run calls stay in progress for 3 s; a test may script how calls to a
 * number end ({@link ScriptedCallees}). Every class so annotated shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = OwnClock.Initializer.class)
public @interface OwnClock {

    /** The service's clock in these tests. */
    MovableClock CLOCK = new MovableClock();

    class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String database = TestDatabase.databaseOf("own_clock");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("own clock",
                    // a dry-run call stays in progress 3 s: long enough to be in progress when a window closes
                    Map.of("didpool.db.url", database, "didpool.asterisk.dry-run.call", "3s")));
            context.getBeanFactory().registerSingleton("movableClock", CLOCK);
            context.getBeanFactory().addBeanPostProcessor(new ScriptedCallees.Wrapper());
        }
    }
}
