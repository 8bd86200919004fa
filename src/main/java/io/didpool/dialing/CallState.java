package io.didpool.dialing;

/**
 * Where a call is in the dial queue: the {@code calls.state} column, whose CHECK constraint admits exactly these
 * ({@code CallColumnsTest} keeps the two in step).
 */
enum CallState {
    /** Waiting for a set-up slot of its trunk. */
    QUEUED,
    /** Given a slot by one instance: its Originate is about to leave, or the call is in progress (ringing too). */
    DIALING,
    /** Over; its outcome says how. */
    ENDED,
    /** Its campaign was cancelled before it got a slot. */
    CANCELLED;

    /**
     * The state as an SQL literal, to format into a statement's text. Not a bind parameter: the partial indexes on
     * {@code state = 'QUEUED'} and {@code state = 'DIALING'} match only a statement that names the value itself.
     */
    String sql() {
        return "'" + name() + "'";
    }
}
