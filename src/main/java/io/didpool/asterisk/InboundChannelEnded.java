package io.didpool.asterisk;

/**
 * A call that entered didpool's inbound context ended, as AMI reported it: its channel's {@code uniqueId} (what
 * FastAGI sent as {@code agi_uniqueid}), how its Dial ended ({@code dialStatus}: ANSWER, BUSY, NOANSWER, CANCEL,
 * CHANUNAVAIL, CONGESTION…; null when it dialled nothing) and how long it was connected once answered.
 */
public record InboundChannelEnded(String uniqueId, String dialStatus, long connectedSeconds) {
}
