package io.didpool.inbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * asterisk-java's FastAGI server on {@code DIDPOOL_AGI_BIND}, serving {@link InboundAgi} as {@code /inbound} (any
 * other script is refused). Started with the application; a port that cannot be bound stops the start-up, naming the
 * variable.
 */
@Component
class InboundAgiServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboundAgiServer.class);

    private final InboundProperties properties;
    private final InboundAgi script;
    private DefaultAgiServer server;
    private volatile int port;

    InboundAgiServer(InboundProperties properties, InboundAgi script) {
        this.properties = properties;
        this.script = script;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || server != null) {
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(properties.host());
            // bound once here so that a taken port fails the start-up, and port 0 becomes a free port (tests)
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(address, properties.port()));
                port = probe.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("DIDPOOL_AGI_BIND: cannot listen on " + properties.bind() + " ("
                    + e.getMessage() + ")", e);
        }
        DefaultAgiServer agi = new DefaultAgiServer((request, channel) ->
                InboundAgi.SCRIPT.equals(request.getScript()) ? script : null);
        agi.setAddress(address);
        agi.setPort(port);
        agi.setPoolSize(8);
        agi.setMaximumPoolSize(200);
        Thread thread = new Thread(() -> {
            try {
                agi.startup();
            } catch (IOException | IllegalStateException e) {
                log.error("FastAGI server on {}:{} stopped: {}", address.getHostAddress(), port, e.getMessage());
            }
        }, "didpool-fastagi");
        thread.setDaemon(true);
        thread.start();
        server = agi;
        log.info("FastAGI: inbound calls ask didpool at agi://{}:{}/{}", address.getHostAddress(), port,
                InboundAgi.SCRIPT);
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            try {
                server.shutdown();
            } catch (IllegalStateException e) {
                // not started yet: nothing to stop
            }
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port listened on (the one configured, or the free one taken for port 0); 0 when off. */
    int port() {
        return port;
    }
}
