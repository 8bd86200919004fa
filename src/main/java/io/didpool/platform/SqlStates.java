package io.didpool.platform;

import java.sql.SQLException;

/** The SQLSTATE a failure carries, wherever the driver's exception sits in its chain of causes. */
public final class SqlStates {

    private SqlStates() {
    }

    /** The SQLSTATE of the first SQL exception in {@code failure}'s causes that has one; null when none has. */
    public static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
