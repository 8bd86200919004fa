package io.didpool.asterisk;

import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.ManagerConnection;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private, real Asterisk for tests (issue 9): the install prefix in {@code DIDPOOL_TEST_ASTERISK_HOME}
 * ({@code sbin/asterisk}, {@code lib/asterisk/modules}) started in a directory of its own with its own ports (AMI,
 * SIP on 127.0.0.1, RTP), the PJSIP trunk written by didpool's generator ({@link TrunkConfig}, the code behind
 * {@code bin/didpool asterisk-config}) pointing at a far end ({@link Sipp}) on another loopback address, the
 * repository's dialplan ({@code asterisk/extensions-didpool.conf}) and an AMI user with exactly the permissions the
 * setup guide gives. Reusable by any test: {@code @ExtendWith(RealAsterisk.Required.class)} (or
 * {@link #assumeAvailable()}), then {@link #start}; point didpool at it with {@link #springProperties()} (e.g. from a
 * {@code @DynamicPropertySource}, as {@code RealAsteriskApiTest} does).
 */
public final class RealAsterisk implements AutoCloseable {

    public static final String AMI_USERNAME = "didpool";
    /** An AMI user that reads every event and may send no action: a test's eyes on what Asterisk does. */
    public static final String OBSERVER_USERNAME = "observer";
    public static final String TRUNK_USERNAME = "didpool-trunk";
    public static final String TRUNK_PASSWORD = "Trunk-Pass_2026";
    /** The address the far end listens on: Twilio's place. */
    public static final String FAR_END_IP = "127.0.0.2";
    /** A PJSIP endpoint named {@link #AGENT} on this address: where {@code PJSIP/agent} routes lead (a queue's place). */
    public static final String AGENT_IP = "127.0.0.3";
    public static final String AGENT = "agent";

    private final Path home;
    private final Path dir;
    private final String trunk;
    private final int amiPort;
    private final int sipPort;
    private final int farEndPort;
    private final int agentPort;
    private final String amiPassword = "ami-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private Process process;

    private final String agi;
    private final String fallbackRoute;

    private RealAsterisk(Path home, Path dir, String trunk, String agi, String fallbackRoute) {
        this.home = home;
        this.dir = dir;
        this.trunk = trunk;
        this.agi = agi;
        this.fallbackRoute = fallbackRoute;
        this.amiPort = freeTcpPort();
        this.sipPort = freeUdpPort("127.0.0.1");
        this.farEndPort = freeUdpPort(FAR_END_IP);
        this.agentPort = freeUdpPort(AGENT_IP);
    }

    /** The install prefix, when {@code DIDPOOL_TEST_ASTERISK_HOME} names one. */
    public static Optional<Path> home() {
        String value = System.getenv("DIDPOOL_TEST_ASTERISK_HOME");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path home = Path.of(value).toAbsolutePath().normalize();
        return Files.isExecutable(home.resolve("sbin/asterisk")) && Files.isDirectory(home.resolve(
                "lib/asterisk/modules")) ? Optional.of(home) : Optional.empty();
    }

    static final String GROUP = "real-Asterisk tests";

    /** Why the real-Asterisk tests cannot run here, or empty when they can. */
    public static Optional<String> unavailable() {
        if (home().isEmpty()) {
            return Optional.of("DIDPOOL_TEST_ASTERISK_HOME does not name an Asterisk install prefix (sbin/asterisk, "
                    + "lib/asterisk/modules); .ci/run sets it to ../shared/asterisk when an Asterisk is installed there");
        }
        if (!Sipp.available()) {
            return Optional.of("sipp is not installed; .ci/run installs it as root with apt-get install sip-tester");
        }
        return Optional.empty();
    }

    /**
     * Skips the calling test, saying why, unless a real Asterisk and SIPp are both at hand; with {@code CI=true}
     * fails it instead ({@link Prerequisites}).
     */
    public static void assumeAvailable() {
        Prerequisites.require(GROUP, unavailable());
    }

    /**
     * Put on a test class ({@code @ExtendWith(RealAsterisk.Required.class)}): without a real Asterisk and SIPp the
     * whole class is reported skipped with the reason (failed with {@code CI=true}), before any {@code @BeforeAll}
     * or Spring context runs.
     */
    public static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Prerequisites.condition(GROUP, unavailable());
        }
    }

    /** Configures and starts an instance whose PJSIP trunk {@code trunk} leads to {@link #farEnd()}. */
    public static RealAsterisk start(String trunk) {
        return start(trunk, null, null);
    }

    /**
     * The same, with didpool's dialplan asking FastAGI at {@code agi} (HOST:PORT; null: the default) and sending
     * calls didpool gives no decision on to {@code fallbackRoute} (null: refused), as
     * {@code asterisk-config --dialplan-out --agi --fallback-route} writes it.
     */
    public static RealAsterisk start(String trunk, String agi, String fallbackRoute) {
        Path home = home().orElseThrow(() -> new IllegalStateException("DIDPOOL_TEST_ASTERISK_HOME not set"));
        try {
            RealAsterisk asterisk = new RealAsterisk(home, Files.createTempDirectory("didpool-asterisk"), trunk, agi,
                    fallbackRoute);
            asterisk.configure();
            asterisk.start();
            return asterisk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String trunk() {
        return trunk;
    }

    public String amiHost() {
        return "127.0.0.1";
    }

    public int amiPort() {
        return amiPort;
    }

    public String amiPassword() {
        return amiPassword;
    }

    /** Where the trunk's Termination URI points: host:port for {@link Sipp#start}. */
    public InetSocketAddress farEnd() {
        return new InetSocketAddress(FAR_END_IP, farEndPort);
    }

    /** Where the endpoint {@link #AGENT} is: host:port for {@link Sipp#start}. */
    public InetSocketAddress agent() {
        return new InetSocketAddress(AGENT_IP, agentPort);
    }

    /** Asterisk's own SIP address: where Twilio's origination (an inbound call) sends its INVITEs. */
    public InetSocketAddress sip() {
        return new InetSocketAddress("127.0.0.1", sipPort);
    }

    public Path directory() {
        return dir;
    }

    /** Asterisk's sounds directory for this instance: a file {@code custom/x.wav} here plays as {@code custom/x}. */
    public Path sounds() {
        return dir.resolve("data/sounds");
    }

    /** The {@code didpool.ami.*} properties that point the service at this instance. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("didpool.ami.host", amiHost());
        properties.put("didpool.ami.port", Integer.toString(amiPort));
        properties.put("didpool.ami.username", AMI_USERNAME);
        properties.put("didpool.ami.password", amiPassword);
        return properties;
    }

    /** A logged-in AMI connection as {@link #OBSERVER_USERNAME}; the caller adds listeners and logs off. */
    public ManagerConnection observe() {
        DefaultManagerConnection connection = new DefaultManagerConnection(amiHost(), amiPort, OBSERVER_USERNAME,
                amiPassword);
        try {
            connection.login();
        } catch (Exception e) {
            throw new IllegalStateException("observer login failed: " + e.getMessage(), e);
        }
        return connection;
    }

    AmiProperties amiProperties() {
        return new AmiProperties(amiHost(), amiPort, AMI_USERNAME, amiPassword, Duration.ofSeconds(5));
    }

    private void configure() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        for (String sub : new String[] {"run", "log", "lib", "spool", "data/sounds/custom"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        // The prefix's data directory holds what Asterisk reads at run time (documentation, ...); its sounds
        // directory is this instance's own, so that a test can add sound files to a read-only prefix.
        Path data = Stream.of("var/lib/asterisk", "share/asterisk").map(home::resolve).filter(Files::isDirectory)
                .findFirst().orElse(null);
        if (data != null) {
            try (Stream<Path> entries = Files.list(data)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    if (!entry.getFileName().toString().equals("sounds")) {
                        Files.createSymbolicLink(dir.resolve("data").resolve(entry.getFileName()), entry);
                    }
                }
            }
        }
        Files.writeString(etc.resolve("asterisk.conf"), """
                [directories]
                astetcdir => %1$s/etc
                astmoddir => %2$s/lib/asterisk/modules
                astdatadir => %1$s/data
                astvarlibdir => %1$s/lib
                astdbdir => %1$s/lib
                astkeydir => %1$s/lib
                astagidir => %1$s/lib/agi-bin
                astspooldir => %1$s/spool
                astrundir => %1$s/run
                astlogdir => %1$s/log
                [options]
                """.formatted(dir, home));
        Files.writeString(etc.resolve("modules.conf"), "[modules]\nautoload=yes\n");
        Files.writeString(etc.resolve("logger.conf"),
                "[general]\n[logfiles]\nmessages.log => notice,warning,error,verbose\n");
        // The AMI user has the permissions the setup guide (docs/asterisk-twilio-trunk-setup.md) gives.
        Files.writeString(etc.resolve("manager.conf"), """
                [general]
                enabled = yes
                port = %d
                bindaddr = 127.0.0.1

                [%s]
                secret = %s
                deny = 0.0.0.0/0.0.0.0
                permit = 127.0.0.1/255.255.255.255
                read = system,call,reporting
                write = system,call,originate,reporting

                ; for tests only: sees every event (VarSet included), may do nothing
                [%s]
                secret = %s
                deny = 0.0.0.0/0.0.0.0
                permit = 127.0.0.1/255.255.255.255
                read = all
                write =
                """.formatted(amiPort, AMI_USERNAME, amiPassword, OBSERVER_USERNAME, amiPassword));
        Files.writeString(etc.resolve("pjsip.conf"), """
                [transport-udp]
                type = transport
                protocol = udp
                bind = 127.0.0.1:%d

                #include "pjsip-%s.conf"

                ; an agent's phone or a queue's: what a PJSIP/agent route reaches
                [%s]
                type = aor
                contact = sip:%s:%d

                [%s]
                type = endpoint
                context = didpool-inbound
                disallow = all
                allow = ulaw
                aors = %s
                direct_media = no
                """.formatted(sipPort, trunk, AGENT, AGENT_IP, agentPort, AGENT, AGENT));
        Files.writeString(etc.resolve("pjsip-" + trunk + ".conf"), TrunkConfig.render(trunk,
                FAR_END_IP + ":" + farEndPort, TRUNK_USERNAME, TRUNK_PASSWORD));
        int rtp = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100;
        Files.writeString(etc.resolve("rtp.conf"), "[general]\nrtpstart=%d\nrtpend=%d\n".formatted(rtp, rtp + 99));
        Files.writeString(etc.resolve("extensions-didpool.conf"), DialplanConfig.render(agi, fallbackRoute));
        Files.writeString(etc.resolve("extensions.conf"), "#include \"extensions-didpool.conf\"\n");
    }

    /** Starts Asterisk (again, after {@link #stop}) and returns once its AMI answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(home.resolve("sbin/asterisk").toString(), "-C",
                    dir.resolve("etc/asterisk.conf").toString(), "-f")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/console.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .alias("Asterisk's AMI answering; see " + dir.resolve("log")).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Asterisk exited at start (code " + process.exitValue()
                                + "); see " + dir.resolve("log"));
                    }
                    return amiAnswers();
                });
        // AMI answers while modules still load; "Asterisk Ready" (FullyBooted) means dialplan and PJSIP are there.
        cli("core waitfullybooted");
    }

    /** Stops Asterisk as its service manager would (SIGTERM), dropping every AMI link. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Runs one CLI command in the running instance ({@code asterisk -rx}) and returns what it printed. */
    public String cli(String command) {
        try {
            Process cli = new ProcessBuilder(home.resolve("sbin/asterisk").toString(), "-C",
                    dir.resolve("etc/asterisk.conf").toString(), "-rx", command).redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (InputStream in = cli.getInputStream()) {
                in.transferTo(output);
            }
            if (!cli.waitFor(15, TimeUnit.SECONDS)) {
                cli.destroyForcibly();
                throw new IllegalStateException("asterisk -rx '" + command + "' did not finish");
            }
            return output.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code seconds} of a 440 Hz tone as an 8 kHz, 16-bit mono WAV, which Asterisk plays as is. */
    public static void writeTone(Path wav, double seconds) {
        int samples = (int) (8000 * seconds);
        ByteBuffer data = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            data.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
        }
        try {
            Files.createDirectories(wav.getParent());
            Files.write(wav, data.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        if (System.getenv("DIDPOOL_TEST_KEEP_ASTERISK") != null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private boolean amiAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(amiHost(), amiPort), 500);
            socket.setSoTimeout(1000);
            byte[] banner = new byte[22];
            int read = socket.getInputStream().readNBytes(banner, 0, banner.length);
            return new String(banner, 0, read, StandardCharsets.US_ASCII).startsWith("Asterisk Call Manager");
        } catch (IOException e) {
            return false;
        }
    }

    /** A TCP port free on loopback now (for a listener the test starts next). */
    public static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UDP port free on {@code address} now. */
    public static int freeUdpPort(String address) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
