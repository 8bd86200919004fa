package io.didpool.asterisk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test peer on a real TCP socket that speaks the Asterisk Manager Interface as Asterisk 22 does: the
 * {@code Asterisk Call Manager/11.0.0} banner, MD5 Challenge and Login, CoreSettings, action responses echoing the
 * ActionID, and events after an Originate. It records every action it receives, can drop every link ({@link #stop})
 * and listen again on the same port ({@link #start}), as an Asterisk restart does.
 *
 * <p>What follows an Originate is either scripted by the test ({@link #onOriginate}) or, in carrier mode
 * ({@link #carrier}), what Asterisk reports when its PJSIP trunk leads to Twilio Elastic SIP Trunking: each trunk
 * (the {@code @TRUNK} of the Originate's {@code Channel: PJSIP/<destination>@<TRUNK>}) admits a number of call set-ups
 * in any sliding 1-second window and refuses the excess as Twilio does, with SIP 503, which Asterisk reports as
 * OriginateResponse Failure reason 0, DialEnd CONGESTION and Hangup cause 34; an admitted call rings, is answered
 * (OriginateResponse Success, reason 4) and hangs up after the call duration (Hangup cause 16), unless its
 * destination is set to answer busy or not at all. The events and their order are those measured against a real
 * Asterisk 22 with SIPp as the far end (see ../shared/asterisk/README.md and {@code RealAsteriskTest}).
 *
 * <p>Every Originate is recorded with its arrival time and trunk ({@link #originates}), so that a test can count
 * set-ups per 1-second window and calls in progress over time. Events are tasks on a small scheduler, not a thread
 * per call, so thousands of calls can be in progress at once; writes to each link are serialized.
 */
public final class AmiPeer implements AutoCloseable {

    public static final String USERNAME = "didpool";
    public static final String PASSWORD = "s3cret-ami";

    /** One packet the peer sends after an Originate, {@code delayMillis} after the previous one. */
    public record Step(long delayMillis, String packet) {
    }

    /** An action as received: header names lower-cased, each with its values in order. */
    public record Action(Map<String, List<String>> headers) {
        public String get(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        public String name() {
            return get("Action");
        }
    }

    /** How a destination's phone answers in carrier mode. */
    public enum Callee {
        /** Rings for the carrier's ring time, answers, hangs up after the call duration. */
        ANSWER,
        /** Answers 486 Busy Here at once. */
        BUSY,
        /** Rings until the Originate's {@code Timeout}. */
        NO_ANSWER
    }

    /** What became of an Originate. */
    public enum Fate {
        ANSWERED, BUSY, NO_ANSWER,
        /** Over the trunk's calls per second: refused with 503, reported as CONGESTION. */
        REFUSED_OVER_CPS,
        /** Answered {@code Response: Error} ({@link #refuseOriginate}). */
        ERROR,
        /** Played the test's script ({@link #onOriginate}). */
        SCRIPTED
    }

    /**
     * One Originate: when it arrived ({@link System#nanoTime} and wall clock), on which trunk, and when its call ends
     * as the peer planned it at arrival ({@code endsNanos}: its last event, the Hangup of an answered call; equal to
     * {@code arrivedNanos} for a refusal). A call is in progress from arrival to end.
     */
    public record Originated(long arrivedNanos, Instant arrivedAt, String trunk, String destination, String callId,
            Fate fate, long endsNanos) {
    }

    private record Carrier(int callsPerSecond, Duration ring, Duration call) {
    }

    private final List<Action> received = Collections.synchronizedList(new ArrayList<>());
    private final List<Originated> originates = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService events = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "ami-peer-events");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Integer> callsPerSecond = new ConcurrentHashMap<>();
    private final Map<String, Callee> callees = new ConcurrentHashMap<>();
    /** Per trunk, the arrival times of the set-ups it admitted in the last second. */
    private final Map<String, Deque<Long>> admitted = new HashMap<>();
    private final AtomicInteger channels = new AtomicInteger();
    private volatile Carrier carrier;
    private volatile Function<Action, List<Step>> onOriginate = action -> List.of();
    private volatile Map<String, List<String>> endpoints = Map.of();
    private volatile String originateError;
    private volatile boolean booted = true;
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile int port;

    public AmiPeer() {
        start();
    }

    public int port() {
        return port;
    }

    public List<Action> received(String actionName) {
        synchronized (received) {
            return received.stream().filter(a -> actionName.equalsIgnoreCase(a.name())).toList();
        }
    }

    /** Whether the peer says FullyBooted after a login, as an Asterisk that has finished starting does. */
    public void booted(boolean booted) {
        this.booted = booted;
    }

    /** Answers every Originate with {@code Response: Error} and this message. */
    public void refuseOriginate(String message) {
        this.originateError = message;
    }

    /** Scripted mode: after each Originate, the steps the script gives for it ({@code ${ActionID}} is replaced). */
    public void onOriginate(Function<Action, List<Step>> script) {
        this.carrier = null;
        this.onOriginate = script;
    }

    /**
     * Carrier mode: every trunk admits {@code callsPerSecond} set-ups in any 1-second window (unless set otherwise
     * by {@link #callsPerSecond(String, int)}), callees ring for {@code ring}, answer, and hang up {@code call} later.
     */
    public AmiPeer carrier(int callsPerSecond, Duration ring, Duration call) {
        this.carrier = new Carrier(callsPerSecond, ring, call);
        return this;
    }

    /** The set-ups {@code trunk} admits in any 1-second window, in carrier mode. */
    public AmiPeer callsPerSecond(String trunk, int limit) {
        callsPerSecond.put(trunk, limit);
        return this;
    }

    /** How {@code destination} (E.164) answers in carrier mode; {@link Callee#ANSWER} unless set. */
    public AmiPeer callee(String destination, Callee callee) {
        callees.put(destination, callee);
        return this;
    }

    /** Endpoints PJSIPShowEndpoint knows: name → event packets (without ActionID) it lists for it. */
    public void endpoints(Map<String, List<String>> endpoints) {
        this.endpoints = endpoints;
    }

    /** Every Originate received, in order of arrival. */
    public List<Originated> originates() {
        synchronized (originates) {
            return List.copyOf(originates);
        }
    }

    /** The most Originates of {@code trunk} (admitted or not) that arrived within any {@code window}. */
    public int maxSetUps(String trunk, Duration window) {
        long[] arrivals = originates().stream().filter(o -> o.trunk().equals(trunk))
                .mapToLong(Originated::arrivedNanos).sorted().toArray();
        int max = 0;
        int first = 0;
        for (int last = 0; last < arrivals.length; last++) {
            while (arrivals[last] - arrivals[first] >= window.toNanos()) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }

    /** The most calls of {@code trunk} in progress (from Originate to end, ringing included) at any one time. */
    public int maxInProgress(String trunk) {
        List<long[]> changes = new ArrayList<>();
        for (Originated call : originates()) {
            if (call.trunk().equals(trunk) && call.endsNanos() > call.arrivedNanos()) {
                changes.add(new long[] {call.arrivedNanos(), 1});
                changes.add(new long[] {call.endsNanos(), -1});
            }
        }
        // an end and a start at the same instant: the end first
        changes.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] change : changes) {
            now += (int) change[1];
            max = Math.max(max, now);
        }
        return max;
    }

    public synchronized void start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
            port = socket.getLocalPort();
            acceptor = new Thread(() -> accept(socket), "ami-peer-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the listening socket and every link, as a stopping Asterisk does. */
    public synchronized void stop() {
        try {
            server.close();
            // The kernel keeps listening while a thread is still blocked in accept(): wait until it has left.
            acceptor.join(2000);
        } catch (IOException ignored) {
            // already closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket client : clients) {
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        clients.clear();
    }

    @Override
    public void close() {
        stop();
        events.shutdownNow();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                clients.add(client);
                Thread session = new Thread(() -> serve(client), "ami-peer-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One AMI link: what is written to it is written whole, one packet at a time. */
    private static final class Link {
        private final OutputStream out;

        Link(OutputStream out) {
            this.out = out;
        }

        synchronized void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private void serve(Socket client) {
        String challenge = Long.toString(System.nanoTime() % 1_000_000_000L);
        try (client; BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            Link link = new Link(client.getOutputStream());
            link.write("Asterisk Call Manager/11.0.0\r\n");
            Action action;
            while ((action = read(in)) != null) {
                long arrived = System.nanoTime();
                received.add(action);
                String id = action.get("ActionID");
                String name = action.name() == null ? "" : action.name().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "challenge" -> link.write(packet("Response: Success", id, "Challenge: " + challenge));
                    case "login" -> {
                        if (USERNAME.equals(action.get("Username")) && expectedKey(challenge).equals(action.get("Key"))) {
                            link.write(packet("Response: Success", id, "Message: Authentication accepted"));
                            if (booted) {
                                link.write("Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted"
                                        + "\r\n\r\n");
                            }
                        } else {
                            link.write(packet("Response: Error", id, "Message: Authentication failed"));
                            return;
                        }
                    }
                    case "coresettings" -> link.write(packet("Response: Success", id, "AMIversion: 11.0.0",
                            "AsteriskVersion: 22.10.1", "SystemName: ", "CoreMaxCalls: 0", "CoreMaxLoadAvg: 0.000000",
                            "CoreRunUser: ", "CoreRunGroup: ", "CoreMaxFilehandles: 0", "CoreRealTimeEnabled: No",
                            "CoreCDRenabled: No", "CoreHTTPenabled: No", "SoundsSearchCustomDir: No"));
                    case "originate" -> originate(link, action, id, arrived);
                    case "pjsipshowendpoint" -> showEndpoint(link, id, action.get("Endpoint"));
                    case "filter" -> link.write(packet("Response: Success", id, "Message: Filter Added Successfully"));
                    case "logoff" -> {
                        link.write(packet("Response: Goodbye", id, "Message: Thanks for all the fish."));
                        return;
                    }
                    default -> link.write(packet("Response: Error", id, "Message: Invalid/unknown command"));
                }
            }
        } catch (IOException e) {
            // the link was dropped: nothing more to serve
        }
    }

    private void originate(Link link, Action action, String id, long arrived) throws IOException {
        String channel = action.get("Channel") == null ? "" : action.get("Channel");
        int at = channel.indexOf('@');
        String destination = channel.substring(channel.startsWith("PJSIP/") ? 6 : 0, at < 0 ? channel.length() : at);
        String trunk = at < 0 ? "" : channel.substring(at + 1);
        String callId = action.get("ChannelId");
        if (originateError != null) {
            originates.add(new Originated(arrived, Instant.now(), trunk, destination, callId, Fate.ERROR, arrived));
            link.write(packet("Response: Error", id, "Message: " + originateError));
            return;
        }
        link.write(packet("Response: Success", id, "Message: Originate successfully queued"));
        Carrier mode = carrier;
        List<Step> steps;
        Fate fate;
        if (mode == null) {
            steps = onOriginate.apply(action).stream().map(step -> new Step(step.delayMillis(),
                    step.packet().replace("${ActionID}", id == null ? "" : id))).toList();
            fate = Fate.SCRIPTED;
        } else {
            fate = admit(trunk, arrived, mode) ? switch (callees.getOrDefault(destination, Callee.ANSWER)) {
                case ANSWER -> Fate.ANSWERED;
                case BUSY -> Fate.BUSY;
                case NO_ANSWER -> Fate.NO_ANSWER;
            } : Fate.REFUSED_OVER_CPS;
            steps = carrierEvents(fate, mode, id, callId, channel, trunk, action);
        }
        long duration = steps.stream().mapToLong(Step::delayMillis).sum();
        originates.add(new Originated(arrived, Instant.now(), trunk, destination, callId, fate,
                arrived + TimeUnit.MILLISECONDS.toNanos(duration)));
        play(link, steps, 0);
    }

    /** Whether {@code trunk} takes one more set-up now: fewer than its limit admitted in the last second. */
    private boolean admit(String trunk, long now, Carrier mode) {
        int limit = callsPerSecond.getOrDefault(trunk, mode.callsPerSecond());
        synchronized (admitted) {
            Deque<Long> recent = admitted.computeIfAbsent(trunk, t -> new ArrayDeque<>());
            while (!recent.isEmpty() && now - recent.peekFirst() >= TimeUnit.SECONDS.toNanos(1)) {
                recent.pollFirst();
            }
            if (recent.size() >= limit) {
                return false;
            }
            recent.addLast(now);
            return true;
        }
    }

    /** What Asterisk 22 reports for each fate of a call, in the order and with the fields it was measured with. */
    private List<Step> carrierEvents(Fate fate, Carrier mode, String actionId, String callId, String dialString,
            String trunk, Action action) {
        String channel = "PJSIP/" + trunk + "-" + String.format("%08x", channels.incrementAndGet());
        return switch (fate) {
            case ANSWERED -> List.of(
                    new Step(mode.ring().toMillis(), dialEnd(callId, channel, "ANSWER")
                            + originateResponse(actionId, callId, "Success", 4, channel)),
                    new Step(mode.call().toMillis(), hangup(callId, channel, 16, "Normal Clearing")));
            case BUSY -> List.of(new Step(0, originateResponse(actionId, callId, "Failure", 0, dialString)
                    + dialEnd(callId, channel, "BUSY") + hangup(callId, channel, 17, "User busy")));
            case NO_ANSWER -> List.of(new Step(action.get("Timeout") == null ? 30_000 : Long.parseLong(
                    action.get("Timeout")),
                    originateResponse(actionId, callId, "Failure", 3, dialString)
                            + hangup(callId, channel, 19, "User alerting, no answer")));
            case REFUSED_OVER_CPS -> List.of(new Step(0, dialEnd(callId, channel, "CONGESTION")
                    + originateResponse(actionId, callId, "Failure", 0, dialString)
                    + hangup(callId, channel, 34, "Circuit/channel congestion")));
            default -> throw new IllegalArgumentException(fate.name());
        };
    }

    /** Writes the steps in order, each after its delay, on the shared scheduler. */
    private void play(Link link, List<Step> steps, int next) {
        if (next >= steps.size()) {
            return;
        }
        Step step = steps.get(next);
        events.schedule(() -> {
            try {
                link.write(step.packet());
                play(link, steps, next + 1);
            } catch (IOException e) {
                // the link was dropped while events were due
            }
        }, step.delayMillis(), TimeUnit.MILLISECONDS);
    }

    private void showEndpoint(Link link, String id, String name) throws IOException {
        List<String> events = endpoints.get(name);
        if (events == null) {
            link.write(packet("Response: Error", id, "Message: Unable to retrieve endpoint " + name));
            return;
        }
        link.write(packet("Response: Success", id, "EventList: start",
                "Message: Following are Events for each object associated with the Endpoint"));
        for (String event : events) {
            link.write(event.replace("\r\n\r\n", "") + "\r\nActionID: " + id + "\r\n\r\n");
        }
        link.write(packet("Event: EndpointDetailComplete", id, "EventList: Complete",
                "ListItems: " + events.size()));
    }

    private static String expectedKey(String challenge) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((challenge + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String packet(String first, String actionId, String... lines) {
        StringBuilder packet = new StringBuilder(first).append("\r\n");
        if (actionId != null) {
            packet.append("ActionID: ").append(actionId).append("\r\n");
        }
        for (String line : lines) {
            packet.append(line).append("\r\n");
        }
        return packet.append("\r\n").toString();
    }

    /** The OriginateResponse event of call {@code callId}, as Asterisk sends it to the Originate's ActionID. */
    public static String originateResponse(String actionId, String callId, String response, int reason,
            String channel) {
        return packet("Event: OriginateResponse", actionId, "Privilege: call,all", "Response: " + response,
                "Channel: " + channel, "Context: didpool-outbound", "Exten: s", "Application: ", "Data: ",
                "Reason: " + reason, "Uniqueid: " + callId, "CallerIDNum: <unknown>", "CallerIDName: <unknown>");
    }

    /** The DialEnd event of call {@code callId}'s channel (its DestUniqueid). */
    public static String dialEnd(String callId, String channel, String status) {
        return packet("Event: DialEnd", null, "Privilege: call,all", "DestChannel: " + channel,
                "DestChannelState: 0", "DestUniqueid: " + callId, "DestLinkedid: " + callId,
                "DialStatus: " + status);
    }

    /** The Hangup event of call {@code callId}'s channel. */
    public static String hangup(String callId, String channel, int cause, String text) {
        return packet("Event: Hangup", null, "Privilege: call,all", "Channel: " + channel, "ChannelState: 0",
                "Uniqueid: " + callId, "Linkedid: " + callId, "Cause: " + cause, "Cause-txt: " + text);
    }

    private static Action read(BufferedReader in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (headers.isEmpty()) {
                    continue;
                }
                return new Action(headers);
            }
            int colon = line.indexOf(':');
            String name = (colon < 0 ? line : line.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return null;
    }
}
