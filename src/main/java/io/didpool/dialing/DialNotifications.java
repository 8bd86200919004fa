package io.didpool.dialing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The fast path to a queued call: PostgreSQL {@code LISTEN} on the channel that every enqueue, retry, resume and
 * (on capped trunks) every call's end notifies at commit, with the trunk as payload. One thread, one connection held
 * for the purpose; after losing it, it reconnects with a back-off. Notifications sent meanwhile are gone: the
 * dispatcher's poll (every {@code pollInterval}) finds their calls.
 */
@Component
class DialNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DialNotifications.class);
    private static final int WAIT_MILLIS = 500;

    private final DataSource dataSource;
    private final CallDispatcher dispatcher;
    private final DialingProperties properties;
    private volatile Thread listener;

    DialNotifications(DataSource dataSource, CallDispatcher dispatcher, DialingProperties properties) {
        this.dataSource = dataSource;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    @Override
    public void start() {
        if (!properties.worker()) {
            return;
        }
        Thread thread = new Thread(this::listen, "dialing-listen");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = listener;
        listener = null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }

    private void listen() {
        long backoff = 500;
        while (listener == Thread.currentThread()) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + DialNotifier.CHANNEL);
                }
                backoff = 500;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (listener == Thread.currentThread()) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatcher.wake(notification.getParameter());
                        }
                    }
                }
                // the connection goes back to the pool: it must not go on collecting notifications there
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UNLISTEN *");
                }
            } catch (SQLException e) {
                if (listener != Thread.currentThread()) {
                    return;
                }
                log.warn("Dialling: lost the notification link to the database ({}); reconnecting", e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }
}
