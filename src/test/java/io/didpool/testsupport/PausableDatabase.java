package io.didpool.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A PostgreSQL of a test's own, whose faults the test makes happen: its processes paused (SIGSTOP, as a frozen host
 * or a long garbage-collection-like stall does: connections stay open, nothing answers), or the server stopped and
 * started again on the same port and data. Not {@link TestDatabase}'s shared server: pausing that would stall every
 * other test of the JVM.
 */
public final class PausableDatabase implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private PausableDatabase(Path dataDir, EmbeddedPostgres server) {
        this.dataDir = dataDir;
        this.server = server;
        this.port = server.getPort();
    }

    /** A new server on a free port, with its data in a new temporary directory. */
    public static PausableDatabase start() {
        try {
            Path dataDir = Files.createTempDirectory("didpool-pausable-pg");
            return new PausableDatabase(dataDir, server(dataDir, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres server(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "off")
                .setServerConfig("max_connections", "60").start();
    }

    public String jdbcUrl() {
        return server.getJdbcUrl("postgres", "postgres");
    }

    /** Connections straight to the server, past any application's pool. */
    public DataSource dataSource() {
        return server.getPostgresDatabase();
    }

    /**
     * Stops every process of the server: SIGSTOP to the postmaster first (it forks no backend from then on), then to
     * every process it had started. Until {@link Paused#resume()}, connections stay open and nothing answers.
     */
    public Paused pause() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
            signal("STOP", List.of(postmaster));
            List<Long> all = new ArrayList<>(List.of(postmaster));
            ProcessHandle.of(postmaster).orElseThrow().children().forEach(child -> all.add(child.pid()));
            signal("STOP", all.subList(1, all.size()));
            return new Paused(all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's processes as {@link #pause()} stopped them. */
    public static final class Paused {
        private final List<Long> processes;

        private Paused(List<Long> processes) {
            this.processes = processes;
        }

        public void resume() {
            signal("CONT", processes);
        }
    }

    /** Shuts the server down (connections are refused from now on) until {@link #startAgain()}. */
    public void shutDown() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again, on its port and its data. */
    public void startAgain() {
        try {
            server = server(dataDir, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        shutDown();
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        try {
            Process kill = new ProcessBuilder(command).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(command + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
