package io.didpool.dialing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** A call just ended, as its row says. */
record EndedCall(UUID id, CallReference reference, String trunk, UUID didId, int attempts, String channel,
        DialOutcome outcome, String reason, Instant at) {

    /** What listeners are told: the step it served failed unless a call was placed and ended normally. */
    CallEvent.Ended event() {
        return new CallEvent.Ended(id, reference, didId, outcome, outcome.failsStep(), channel, reason,
                attempts, at);
    }

    static EndedCall of(ResultSet rs, int rowNum) throws SQLException {
        return new EndedCall(rs.getObject("id", UUID.class), new CallReference(rs.getObject("execution_id", UUID.class),
                rs.getInt("step"), rs.getObject("node_id", UUID.class)), rs.getString("trunk"),
                rs.getObject("did_id", UUID.class), rs.getInt("attempts"), rs.getString("channel"),
                DialOutcome.of(rs.getString("outcome")), rs.getString("reason"), Columns.instant(rs, "ended_at"));
    }
}
