package io.didpool.testsupport;

import static org.awaitility.Awaitility.await;

import io.didpool.DidpoolApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * didpool in a process of its own, as {@code bin/didpool serve} runs it ({@code java … DidpoolApplication serve} on
 * this test's classpath), for tests where the process itself is the point: {@code kill -9}, a restart.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the service with {@code environment} (SERVER_PORT and the admin token are set here; DIDPOOL_DB_URL is
     * left out unless given) and waits until it is ready; its output goes to {@code log}.
     */
    public static ServiceProcess start(Map<String, String> environment, Path log) throws IOException {
        int port = freePort();
        // C1 only: a JVM that starts, serves a little and is killed has no use for C2
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                // the suite's clock (pom.xml): inside every US calling window
                "-Ddidpool.clock.start=" + System.getProperty("didpool.clock.start", ""),
                "-cp", System.getProperty("java.class.path"), DidpoolApplication.class.getName(), "serve")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("DIDPOOL_DB_URL");
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("DIDPOOL_ADMIN_TOKEN", IntegrationTest.ADMIN_TOKEN);
        // FastAGI on a free port: services of several tests may run at once
        env.put("DIDPOOL_AGI_BIND", "127.0.0.1:0");
        env.putAll(environment);
        ServiceProcess service = new ServiceProcess(builder.start(), port, log);
        ApiClient api = service.api();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!service.process.isAlive()) {
                throw new AssertionError("the service exited with " + service.process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                return api.get("/actuator/health/readiness").status() == 200;
            } catch (UncheckedIOException e) {
                return false;
            }
        });
        return service;
    }

    /** A client of the service with the admin token. */
    public ApiClient api() {
        return new ApiClient("http://localhost:" + port).asAdmin();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is cleaned up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Stops it as SIGTERM does, waiting for its graceful shutdown (killed after a minute). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
