package io.didpool.asterisk;

/** How a call ended, as read from Asterisk; {@code channel} is the dialled channel, {@code reason} says why. */
public record CallOutcome(CallStatus status, String channel, String reason) {
}
