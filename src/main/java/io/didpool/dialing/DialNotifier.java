package io.didpool.dialing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The sending side of {@link DialNotifications}: tells every instance, once the current transaction commits, that a
 * trunk may have work (a call queued, retried or resumed) or room (a call on a capped trunk ended).
 */
@Repository
class DialNotifier {

    static final String CHANNEL = "didpool_dial";

    private final JdbcClient jdbc;

    DialNotifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void notify(String trunk) {
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', :trunk)").param("trunk", trunk).query(rs -> { });
    }
}
