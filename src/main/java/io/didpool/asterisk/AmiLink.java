package io.didpool.asterisk;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.EventTimeoutException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.FilterAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.FullyBootedEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one AMI connection of the service. Logged in at start: a refused login stops the start with an error naming
 * the host (never the password). Once logged in, asterisk-java re-establishes a dropped link by itself (ten quick
 * attempts 50 ms apart, then one every 5 s) and refuses actions while it is not {@code CONNECTED}; an Asterisk that is
 * unreachable at start is retried here with exponential backoff (1 s doubling to 30 s) until the first login.
 * The link counts as up only once Asterisk has said {@code FullyBooted} on it: its AMI answers while modules are
 * still loading, and an Originate then meets no dialplan. While the link is down, {@link #send} and
 * {@link #sendAsync} fail at once with {@link AmiDownException}.
 */
final class AmiLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AmiLink.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    /**
     * The Asterisk events didpool reads: FullyBooted here, OriginateResponse, DialEnd and Hangup in the call
     * outcome and inbound channel listeners. A listener that reads another event adds it here, or never sees it.
     */
    static final java.util.List<String> EVENTS_READ = java.util.List.of("FullyBooted", "OriginateResponse",
            "DialEnd", "Hangup");

    private final AmiProperties settings;
    private final ManagerConnection connection;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "didpool-ami-login");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;
    /** Asterisk said FullyBooted on this link: its dialplan and PJSIP are loaded, not just its AMI. */
    private volatile boolean booted;

    AmiLink(AmiProperties settings) {
        this.settings = settings;
        DefaultManagerConnection managerConnection = new DefaultManagerConnection(settings.host(), settings.port(),
                settings.username(), settings.password());
        managerConnection.setDefaultResponseTimeout(settings.responseTimeout().toMillis());
        managerConnection.setSocketTimeout((int) settings.responseTimeout().toMillis());
        this.connection = managerConnection;
        managerConnection.addEventListener(event -> {
            if (event instanceof FullyBootedEvent) {
                booted = true;
                // it comes while the login is still being completed: the filter is sent once the link is CONNECTED
                retries.execute(this::readOnlyWhatListenersUse);
            } else if (event instanceof DisconnectEvent) {
                booted = false;
            }
        });
    }

    String address() {
        return settings.address();
    }

    /**
     * Asks Asterisk to send this session only the events didpool's listeners read. With {@code read = call} it
     * would send every channel's Newchannel, Newstate, DialBegin, bridge and caller-ID events too (some twenty a
     * call), each parsed here and written there for nothing; at a hundred calls a second on the machine that also
     * runs Asterisk that is CPU both sides need. A filter lasts as long as its session, so it is sent on every
     * FullyBooted (each login, reconnections included); until Asterisk has it, events come unfiltered, which only
     * costs. Action responses (PJSIPShowEndpoint's EndpointDetail…) are not events to the filter and still come.
     * The regular expression is matched against the whole event text (AMI's legacy filter, Asterisk 10 and later).
     */
    private void readOnlyWhatListenersUse() {
        long deadline = System.nanoTime() + settings.responseTimeout().toNanos();
        while (connection.getState() != ManagerConnectionState.CONNECTED && System.nanoTime() < deadline
                && !closed) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String filter = "^Event: (" + String.join("|", EVENTS_READ) + ")[[:space:]]";
        try {
            connection.sendAction(new FilterAction(filter), response -> {
                if (response == null || !"Success".equalsIgnoreCase(response.getResponse())) {
                    log.warn("AMI at {} did not take the event filter ({}): every event the AMI user may read "
                            + "comes, which costs CPU only", address(), response == null ? "no answer"
                            : response.getMessage());
                }
            });
        } catch (IOException | IllegalStateException e) {
            log.warn("AMI at {}: could not send the event filter: {}", address(), e.getMessage());
        }
    }

    void addListener(ManagerEventListener listener) {
        connection.addEventListener(listener);
    }

    /**
     * Logs in. A wrong username or password is an {@link IllegalStateException} (the service must not start with
     * it); an Asterisk that cannot be reached is logged and retried in the background.
     */
    void start() {
        try {
            login();
        } catch (IOException | TimeoutException e) {
            log.warn("AMI at {} unreachable at start ({}); calls fail until it answers, retrying", address(),
                    e.getMessage());
            scheduleLogin(1_000);
        }
    }

    private void login() throws IOException, TimeoutException {
        try {
            connection.login();
            log.info("AMI logged in to {} as {} ({})", address(), settings.username(),
                    connection.getVersion());
            long deadline = System.nanoTime() + settings.responseTimeout().toNanos();
            while (!booted && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!booted) {
                log.warn("AMI at {}: Asterisk has not said FullyBooted yet; calls fail until it does (still "
                        + "starting, or the AMI user lacks read=system)", address());
            }
        } catch (AuthenticationFailedException e) {
            throw new IllegalStateException("AMI login to " + address() + " as '" + settings.username()
                    + "' was refused: check DIDPOOL_AMI_USERNAME, DIDPOOL_AMI_PASSWORD and the [" + settings.username()
                    + "] section of Asterisk's manager.conf");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleLogin(long delayMillis) {
        if (closed) {
            return;
        }
        retries.schedule(() -> {
            if (closed || isUp()) {
                return;
            }
            try {
                login();
            } catch (IOException | TimeoutException | IllegalStateException e) {
                log.warn("AMI at {} still unavailable: {}", address(), e.getMessage());
                scheduleLogin(Math.min(delayMillis * 2, MAX_BACKOFF_MILLIS));
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    boolean isUp() {
        return connection.getState() == ManagerConnectionState.CONNECTED && booted;
    }

    String state() {
        ManagerConnectionState state = connection.getState();
        return state == ManagerConnectionState.CONNECTED && !booted
                ? "connected, Asterisk not fully booted yet (the AMI user needs read=system to be told)"
                : state.name();
    }

    Duration responseTimeout() {
        return settings.responseTimeout();
    }

    /**
     * Sends the action without waiting: {@code onResponse} gets Asterisk's response on asterisk-java's event thread,
     * or null when the link drops before it came.
     */
    void sendAsync(ManagerAction action, Consumer<ManagerResponse> onResponse) {
        requireUp();
        try {
            connection.sendAction(action, onResponse::accept);
        } catch (IOException | IllegalStateException e) {
            throw down();
        }
    }

    ManagerResponse send(ManagerAction action) {
        requireUp();
        try {
            return connection.sendAction(action, settings.responseTimeout().toMillis());
        } catch (IOException | IllegalStateException e) {
            throw down();
        } catch (TimeoutException e) {
            throw new AmiDownException("Asterisk at " + address() + " did not answer the " + action.getAction()
                    + " action within " + settings.responseTimeout().toMillis() + " ms");
        }
    }

    ResponseEvents sendEventGenerating(EventGeneratingAction action) {
        requireUp();
        try {
            return connection.sendEventGeneratingAction(action, settings.responseTimeout().toMillis());
        } catch (IOException | IllegalStateException e) {
            throw down();
        } catch (EventTimeoutException e) {
            throw new AmiDownException("Asterisk at " + address() + " did not complete the " + action.getAction()
                    + " action within " + settings.responseTimeout().toMillis() + " ms");
        }
    }

    /** Throws {@link AmiDownException}, saying why, unless the link is up. */
    void requireUp() {
        if (!isUp()) {
            throw down();
        }
    }

    private AmiDownException down() {
        return new AmiDownException("AMI link to Asterisk at " + address() + " is down (" + state()
                + "): Asterisk unreachable or restarting, the link is re-established automatically");
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        ManagerConnectionState state = connection.getState();
        if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
            connection.logoff();
        }
    }

    /** The AMI link is not usable now; the message says why and is safe to show. */
    static final class AmiDownException extends RuntimeException {
        AmiDownException(String message) {
            super(message);
        }
    }
}
