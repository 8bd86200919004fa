package io.didpool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time used so far by the processes of a benchmark, by name (Linux {@code /proc}): Asterisk, PostgreSQL (every
 * backend), SIPp, and this JVM (didpool in-process, with the harness). The difference of two readings over a phase,
 * divided by its calls, says what a call costs each of them on the machine they share.
 */
record ProcessCpu(Map<String, Long> ticks) {

    /** USER_HZ: the unit of {@code /proc/PID/stat}'s times (100 on every Linux this runs on). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final String SELF = "didpool JVM";

    static ProcessCpu now() {
        Map<String, Long> ticks = new TreeMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // "PID (comm) state ppid …": comm may hold spaces; the fields after its ')' are fixed
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                    String name = Long.parseLong(p.getFileName().toString()) == self ? SELF
                            : comm.startsWith("postgres") ? "postgres" : comm;
                    if (name.equals(SELF) || name.equals("asterisk") || name.equals("postgres")
                            || name.equals("sipp")) {
                        ticks.merge(name, used, Long::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // a process that ended while being read
                }
            });
        } catch (IOException e) {
            return new ProcessCpu(Map.of());
        }
        return new ProcessCpu(ticks);
    }

    /** With {@code pin}, every thread of the process onto CPU 0 (threads it starts later inherit it). */
    static void pinToFirstCpu(long pid, boolean pin) {
        if (!pin) {
            return;
        }
        try {
            new ProcessBuilder("taskset", "-a", "-p", "-c", "0", Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * CPU ms per call of each process since {@code before}, as "asterisk 7.1, didpool JVM 2.0, …". A PostgreSQL
     * backend that ended during the phase takes its time with it; the reading is a lower bound for postgres.
     */
    String perCallSince(ProcessCpu before, long calls) {
        StringBuilder text = new StringBuilder();
        for (String name : new String[] {"asterisk", SELF, "postgres", "sipp"}) {
            long used = ticks.getOrDefault(name, 0L) - before.ticks.getOrDefault(name, 0L);
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(String.format("%s %.2f", name, calls == 0 ? 0 : used / TICKS_PER_SECOND * 1000 / calls));
        }
        return text.toString();
    }
}
