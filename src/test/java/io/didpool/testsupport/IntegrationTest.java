package io.didpool.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole application on a random port against {@link TestDatabase}, driven
 * through real HTTP by {@link #api}, with {@link TwilioSimulator} as its Twilio. Every subclass with no properties of its own shares one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    public static final String ADMIN_TOKEN = "test-admin-token-with-32-characters";

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("didpool-test-data");
        registry.add("didpool.db.url", TestDatabase::jdbcUrl);
        registry.add("didpool.admin-token", () -> ADMIN_TOKEN);
        registry.add("didpool.data-dir", dataDir::toString);
        TwilioSimulator.properties(registry);
    }

    /**
     * Calls of the tests that are not about pacing go out as fast as they are queued: the trunk every DID names by
     * default admits far more than Twilio's default 1 call set-up per second here. Tests of pacing use trunks of
     * their own.
     */
    @org.junit.jupiter.api.BeforeEach
    void fastDefaultTrunk() {
        admin().put("/api/admin/trunks/TWILIO", java.util.Map.of("callsPerSecond", 1000)).expect(200);
    }

    protected ApiClient api() {
        return new ApiClient("http://localhost:" + port);
    }

    /** A client of the application that carries the admin token. */
    protected ApiClient admin() {
        return api().asAdmin();
    }

    /** A new tenant (through the admin API) and a client that carries its API key. */
    protected ApiClient newTenant() {
        return api().newTenant("tenant");
    }
}
