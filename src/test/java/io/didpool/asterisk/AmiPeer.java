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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A test peer on a real TCP socket that speaks the Asterisk Manager Interface as Asterisk 22 does: the
 * {@code Asterisk Call Manager/11.0.0} banner, MD5 Challenge and Login, CoreSettings, action responses echoing the
 * ActionID, and scripted events after an Originate. It records every action it receives, can drop every link
 * ({@link #stop}) and listen again on the same port ({@link #start}), as an Asterisk restart does.
 */
final class AmiPeer implements AutoCloseable {

    static final String USERNAME = "didpool";
    static final String PASSWORD = "s3cret-ami";

    /** One packet the peer sends after an Originate, after waiting {@code delayMillis}. */
    record Step(long delayMillis, String packet) {
    }

    /** An action as received: header names lower-cased, each with its values in order. */
    record Action(Map<String, List<String>> headers) {
        String get(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String name() {
            return get("Action");
        }
    }

    private final List<Action> received = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private volatile Function<Action, List<Step>> onOriginate = action -> List.of();
    private volatile Map<String, List<String>> endpoints = Map.of();
    private volatile String originateError;
    private volatile boolean booted = true;
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile int port;

    AmiPeer() {
        start();
    }

    int port() {
        return port;
    }

    List<Action> received(String actionName) {
        return received.stream().filter(a -> actionName.equalsIgnoreCase(a.name())).toList();
    }

    /** Whether the peer says FullyBooted after a login, as an Asterisk that has finished starting does. */
    void booted(boolean booted) {
        this.booted = booted;
    }

    /** Answers every Originate with {@code Response: Error} and this message. */
    void refuseOriginate(String message) {
        this.originateError = message;
    }

    void onOriginate(Function<Action, List<Step>> script) {
        this.onOriginate = script;
    }

    /** Endpoints PJSIPShowEndpoint knows: name → event packets (without ActionID) it lists for it. */
    void endpoints(Map<String, List<String>> endpoints) {
        this.endpoints = endpoints;
    }

    synchronized void start() {
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
    synchronized void stop() {
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

    private void serve(Socket client) {
        String challenge = Long.toString(System.nanoTime() % 1_000_000_000L);
        try (client; BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = client.getOutputStream();
            write(out, "Asterisk Call Manager/11.0.0\r\n");
            Action action;
            while ((action = read(in)) != null) {
                received.add(action);
                String id = action.get("ActionID");
                String name = action.name() == null ? "" : action.name().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "challenge" -> write(out, packet("Response: Success", id, "Challenge: " + challenge));
                    case "login" -> {
                        if (USERNAME.equals(action.get("Username")) && expectedKey(challenge).equals(action.get("Key"))) {
                            write(out, packet("Response: Success", id, "Message: Authentication accepted"));
                            if (booted) {
                                write(out, "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted"
                                        + "\r\n\r\n");
                            }
                        } else {
                            write(out, packet("Response: Error", id, "Message: Authentication failed"));
                            return;
                        }
                    }
                    case "coresettings" -> write(out, packet("Response: Success", id, "AMIversion: 11.0.0",
                            "AsteriskVersion: 22.10.1", "SystemName: ", "CoreMaxCalls: 0", "CoreMaxLoadAvg: 0.000000",
                            "CoreRunUser: ", "CoreRunGroup: ", "CoreMaxFilehandles: 0", "CoreRealTimeEnabled: No",
                            "CoreCDRenabled: No", "CoreHTTPenabled: No", "SoundsSearchCustomDir: No"));
                    case "originate" -> {
                        if (originateError != null) {
                            write(out, packet("Response: Error", id, "Message: " + originateError));
                            continue;
                        }
                        write(out, packet("Response: Success", id, "Message: Originate successfully queued"));
                        List<Step> steps = onOriginate.apply(action);
                        Thread script = new Thread(() -> play(out, steps, id), "ami-peer-events");
                        script.setDaemon(true);
                        script.start();
                    }
                    case "pjsipshowendpoint" -> showEndpoint(out, id, action.get("Endpoint"));
                    case "logoff" -> {
                        write(out, packet("Response: Goodbye", id, "Message: Thanks for all the fish."));
                        return;
                    }
                    default -> write(out, packet("Response: Error", id, "Message: Invalid/unknown command"));
                }
            }
        } catch (IOException e) {
            // the link was dropped: nothing more to serve
        }
    }

    private static void play(OutputStream out, List<Step> steps, String actionId) {
        try {
            for (Step step : steps) {
                Thread.sleep(step.delayMillis());
                write(out, step.packet().replace("${ActionID}", actionId == null ? "" : actionId));
            }
        } catch (IOException | InterruptedException e) {
            // the link was dropped while events were due
        }
    }

    private void showEndpoint(OutputStream out, String id, String name) throws IOException {
        List<String> events = endpoints.get(name);
        if (events == null) {
            write(out, packet("Response: Error", id, "Message: Unable to retrieve endpoint " + name));
            return;
        }
        write(out, packet("Response: Success", id, "EventList: start",
                "Message: Following are Events for each object associated with the Endpoint"));
        for (String event : events) {
            write(out, event.replace("\r\n\r\n", "") + "\r\nActionID: " + id + "\r\n\r\n");
        }
        write(out, packet("Event: EndpointDetailComplete", id, "EventList: Complete",
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

    static String packet(String first, String actionId, String... lines) {
        StringBuilder packet = new StringBuilder(first).append("\r\n");
        if (actionId != null) {
            packet.append("ActionID: ").append(actionId).append("\r\n");
        }
        for (String line : lines) {
            packet.append(line).append("\r\n");
        }
        return packet.append("\r\n").toString();
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

    private static synchronized void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
