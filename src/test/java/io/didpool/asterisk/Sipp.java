package io.didpool.asterisk;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * SIPp standing where Twilio's termination would be: one of the scenarios in {@code src/test/resources/sipp}
 * ({@code answer}, {@code hangup}: answers then sends the BYE itself, {@code ring}, {@code busy}, {@code congestion})
 * on the far-end address, every SIP message logged, so that a test can read the INVITEs Asterisk sent.
 */
public final class Sipp implements AutoCloseable {

    private static final DateTimeFormatter SIPP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final Pattern RECEIVED = Pattern.compile("(?m)^UDP message received \\[\\d+\\] bytes :\\s*$");

    private final Process process;
    private final Path messages;

    /** An INVITE as the far end received it, and when (SIPp's clock, to the microsecond). */
    public record Invite(String requestUri, String from, String pAssertedIdentity, String text, Instant at) {
    }

    private Sipp(Process process, Path messages) {
        this.process = process;
        this.messages = messages;
    }

    public static boolean available() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "sipp"))) {
                return true;
            }
        }
        return false;
    }

    /** Starts the scenario on {@code at}; it stops by itself after {@code calls} calls. */
    public static Sipp start(String scenario, InetSocketAddress at, int calls, Path workDir) {
        try {
            Path scenarioFile = workDir.resolve("sipp-" + scenario + ".xml");
            try (var in = Sipp.class.getResourceAsStream("/sipp/" + scenario + ".xml")) {
                Files.write(scenarioFile, in.readAllBytes());
            }
            Path messages = Files.createTempFile(workDir, "sipp-" + scenario, ".log");
            Process process = new ProcessBuilder("sipp", "-sf", scenarioFile.toString(), "-i",
                    at.getHostString(), "-p", Integer.toString(at.getPort()), "-m", Integer.toString(calls),
                    "-trace_msg", "-message_file", messages.toString(), "-nostdin")
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("sipp-" + scenario + ".out").toFile())
                    .start();
            Sipp sipp = new Sipp(process, messages);
            sipp.awaitListening(at);
            return sipp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Places one call with {@code scenario} (a caller's: it sends the INVITE) from {@code localIp} to {@code remote},
     * the Request-URI's user {@code service}; each of {@code keys} fills {@code [key]} in the scenario.
     */
    public static Sipp call(String scenario, String localIp, InetSocketAddress remote, String service,
            java.util.Map<String, String> keys, Path workDir) {
        try {
            Path scenarioFile = workDir.resolve("sipp-" + scenario + ".xml");
            try (var in = Sipp.class.getResourceAsStream("/sipp/" + scenario + ".xml")) {
                Files.write(scenarioFile, in.readAllBytes());
            }
            Path messages = Files.createTempFile(workDir, "sipp-" + scenario, ".log");
            List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenarioFile.toString(), "-i", localIp,
                    "-p", Integer.toString(RealAsterisk.freeUdpPort(localIp)), "-s", service, "-m", "1",
                    "-trace_msg", "-message_file", messages.toString(), "-nostdin", "-timeout", "30s"));
            keys.forEach((key, value) -> command.addAll(List.of("-key", key, value)));
            command.add(remote.getHostString() + ":" + remote.getPort());
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile(workDir, "sipp-" + scenario, ".out").toFile())
                    .start();
            return new Sipp(process, messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status codes of the responses received so far, in order (retransmissions included). */
    public List<Integer> responses() {
        String log;
        try {
            log = Files.readString(messages, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> codes = new ArrayList<>();
        Matcher status = Pattern.compile("(?m)^\\s*SIP/2\\.0 (\\d{3}) ").matcher(log);
        while (status.find()) {
            codes.add(Integer.parseInt(status.group(1)));
        }
        return codes;
    }

    /** The INVITEs received so far (retransmissions counted once). */
    public List<Invite> invites() {
        String log;
        try {
            log = Files.readString(messages, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Invite> invites = new ArrayList<>();
        List<String> callIds = new ArrayList<>();
        Matcher marker = RECEIVED.matcher(log);
        List<Integer> starts = new ArrayList<>();
        while (marker.find()) {
            starts.add(marker.end());
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? log.lastIndexOf("----", starts.get(i + 1)) : log.length();
            String message = log.substring(starts.get(i), Math.max(end, starts.get(i))).strip();
            if (!message.startsWith("INVITE ")) {
                continue;
            }
            String callId = header(message, "Call-ID").orElse("");
            if (callIds.contains(callId)) {
                continue;
            }
            callIds.add(callId);
            String requestLine = message.lines().findFirst().orElse("");
            invites.add(new Invite(requestLine.split(" ")[1], header(message, "From").orElse(null),
                    header(message, "P-Asserted-Identity").orElse(null), message, receivedAt(log, starts.get(i))));
        }
        return invites;
    }

    /** Waits until {@code count} INVITEs have arrived. */
    public List<Invite> awaitInvites(int count, Duration timeout) {
        try {
            return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(this::invites, invites -> invites.size() >= count);
        } catch (ConditionTimeoutException e) {
            return invites();
        }
    }

    /** Waits for SIPp to finish its calls; true when it did. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIPp's exit code once it has exited: 0 when every call went as its scenario says. */
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            awaitExit(Duration.ofSeconds(5));
            process.destroyForcibly();
        }
    }

    /** The time SIPp wrote on the separator line just before a received message ({@code ---- date time}). */
    private static Instant receivedAt(String log, int messageStart) {
        int separator = log.lastIndexOf("----", messageStart);
        String line = log.substring(separator, log.indexOf('\n', separator)).replaceAll("^-+\\s*", "").strip();
        return LocalDateTime.parse(line, SIPP_TIME).atZone(ZoneId.systemDefault()).toInstant();
    }

    private static Optional<String> header(String message, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return message.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip()).findFirst();
    }

    /** Watches the kernel's UDP socket table (binding the port to probe it would race SIPp for it). */
    private void awaitListening(InetSocketAddress at) {
        byte[] ip = at.getAddress().getAddress();
        String local = String.format("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], at.getPort());
        Path table = Path.of("/proc/net/udp");
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .alias("sipp listening on " + at).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("sipp exited at start (code " + process.exitValue() + ")");
                    }
                    return Files.readString(table).contains(" " + local + " ");
                });
    }
}
