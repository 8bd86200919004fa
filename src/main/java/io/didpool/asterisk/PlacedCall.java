package io.didpool.asterisk;

import java.util.concurrent.CompletableFuture;

/**
 * A call handed to Asterisk. {@code outcome} completes once the far end answered ({@link CallStatus#ANSWERED}) or the
 * call failed to connect (no answer, busy, congestion, failed); {@code ended} once the call is over: for an answered
 * call when its channel hangs up, for any other together with the outcome. Neither completes exceptionally, and
 * {@code outcome} always completes first.
 *
 * <p>They complete on the AMI event thread or the dialer's timer thread, which every call in progress shares: a
 * dependent stage that blocks or does I/O must run on an executor of its own (the {@code ...Async} methods).
 */
public record PlacedCall(String callId, CompletableFuture<CallOutcome> outcome, CompletableFuture<CallEnd> ended) {
}
