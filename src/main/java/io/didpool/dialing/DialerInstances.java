package io.didpool.dialing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The instances that dial ({@code dialer_instances}), and when each last proved it is alive. */
@Repository
class DialerInstances {

    private final JdbcClient jdbc;

    DialerInstances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A name for a new instance: its host, process and a random part (a restarted process is a new instance). */
    static String newName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    void heartbeat(String instance) {
        jdbc.sql("""
                        INSERT INTO dialer_instances (id) VALUES (:id)
                        ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()""")
                .param("id", instance)
                .update();
    }

    void unregister(String instance) {
        jdbc.sql("DELETE FROM dialer_instances WHERE id = :id").param("id", instance).update();
    }

    int forgetSilent(Duration silentFor) {
        return jdbc.sql("DELETE FROM dialer_instances WHERE heartbeat_at < now() - CAST(:silent AS interval)")
                .param("silent", silentFor.toMillis() + " milliseconds")
                .update();
    }
}
