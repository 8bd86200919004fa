package io.didpool.inbound;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inbound calls for tests of other packages (the console's): asked over the running service's FastAGI server as
 * Asterisk would ({@link AgiRequests}), and waited for until their record is written.
 */
public final class InboundTestCalls {

    private static final AtomicLong UNIQUE_IDS = new AtomicLong();

    private InboundTestCalls() {
    }

    /** A call to {@code did} from {@code caller}; the id of its record, once written. */
    public static String ask(ApplicationContext service, String did, String caller) {
        return AgiRequests.ask(service.getBean(InboundAgiServer.class).port(), did, caller,
                "1733900000." + UNIQUE_IDS.incrementAndGet()).recordId(service.getBean(JdbcClient.class));
    }
}
