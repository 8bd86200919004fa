package io.didpool.platform;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster that outlived the didpool that started it. The embedded PostgreSQL runs as its own process: when
 * didpool is killed ({@code kill -9}, the OOM killer) the postmaster goes on running, holds the data directory, and the
 * next start would fail. Before starting, the postmaster named in {@code postmaster.pid} is stopped when it is alive,
 * is a PostgreSQL of this very data directory, and no running didpool holds the directory (zonky's {@code epg-lock},
 * locked by the JVM that started it and released by the kernel when that JVM dies). It is stopped the way
 * {@code pg_ctl stop -m fast} does (SIGINT: committed work is kept, open transactions are rolled back), never killed.
 * A {@code postmaster.pid} of a process that is gone is left to PostgreSQL, which ignores a stale one.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
    static final Duration STOP_DEADLINE = Duration.ofSeconds(60);

    private OrphanedPostmaster() {
    }

    /** Stops the orphaned postmaster of {@code dataDir}, if there is one; fails when it cannot. */
    static void stopIfAny(Path dataDir) throws IOException {
        Optional<ProcessHandle> postmaster = livePostmaster(dataDir);
        if (postmaster.isEmpty()) {
            return;
        }
        long pid = postmaster.get().pid();
        if (heldByRunningDidpool(dataDir)) {
            throw new IllegalStateException("the embedded PostgreSQL in " + dataDir + " (postmaster pid " + pid
                    + ") belongs to another didpool that is still running; stop it, or give this one another"
                    + " DIDPOOL_DATA_DIR");
        }
        signal("INT", pid);
        try {
            postmaster.get().onExit().get(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the orphaned PostgreSQL postmaster (pid " + pid + ") of " + dataDir
                    + " did not stop within " + STOP_DEADLINE.toSeconds() + " s of a fast shutdown; stop it, then"
                    + " start didpool again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the orphaned postmaster " + pid, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        log.warn("Stopped the orphaned embedded PostgreSQL (postmaster pid {}) of {}: the didpool that started it"
                + " had died without stopping it (killed?); it was shut down cleanly and starts anew", pid, dataDir);
    }

    /** The live postmaster that {@code postmaster.pid} names, when it runs on this data directory. */
    static Optional<ProcessHandle> livePostmaster(Path dataDir) throws IOException {
        List<String> pidFile;
        try {
            pidFile = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (pidFile.isEmpty() || !pidFile.get(0).strip().matches("[0-9]{1,10}")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(pidFile.get(0).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isPostgresOf(pid, dataDir));
    }

    /** Whether process {@code pid} is a PostgreSQL server started on {@code dataDir} (its command line says so). */
    private static boolean isPostgresOf(long pid, Path dataDir) {
        List<String> arguments;
        try {
            arguments = List.of(Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return false; // gone meanwhile, or not ours to read
        }
        if (arguments.isEmpty() || !Path.of(arguments.get(0)).getFileName().toString().equals("postgres")) {
            return false;
        }
        int d = arguments.indexOf("-D");
        if (d < 0 || d + 1 >= arguments.size()) {
            return false;
        }
        try {
            return Files.isSameFile(Path.of(arguments.get(d + 1)), dataDir);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a running didpool holds the data directory (zonky locks {@code epg-lock} while its server runs). */
    private static boolean heldByRunningDidpool(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve("epg-lock");
        if (Files.notExists(lockFile)) {
            return false;
        }
        try (FileOutputStream stream = new FileOutputStream(lockFile.toFile(), true);
             FileLock lock = stream.getChannel().tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true; // this very JVM runs it
        }
    }

    private static void signal(String signal, long pid) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(pid)).redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("could not send SIG" + signal + " to the orphaned postmaster " + pid + ": "
                        + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling postmaster " + pid, e);
        }
    }
}
