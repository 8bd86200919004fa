package io.didpool.asterisk;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One originated call while it is in progress: a small state machine fed by Asterisk's events (on asterisk-java's
 * event thread) and by timers (on {@link CallTimers}); no thread waits for it.
 *
 * <pre>
 * ORIGINATING --OriginateResponse Success--------------------> ANSWERED --Hangup | max duration | link lost--> ENDED
 * ORIGINATING --Failure, reason 3 / 5 / 8--------------------------------------------------------------------> ENDED
 * ORIGINATING --Failure, other reason--> DECIDING --DialEnd | Hangup | grace over | link lost----------------> ENDED
 * ORIGINATING --refused | no OriginateResponse in time | link lost-------------------------------------------> ENDED
 * </pre>
 *
 * The OriginateResponse reason tells answered (4), no answer (3), busy (5) and congestion (8) apart only in part: a
 * far end answering 486 or 503 gives reason 0 (measured against Asterisk 22), so then the DialEnd {@code DialStatus}
 * or the Hangup cause decides, and since they can come before or after the OriginateResponse, they are kept as they
 * come and waited for during a short grace. The futures are completed outside the lock, outcome first.
 */
final class PendingCall {

    private static final Logger log = LoggerFactory.getLogger(PendingCall.class);

    private enum State { ORIGINATING, DECIDING, ANSWERED, ENDED }

    private final Originate originate;
    private final CallTimers timers;
    private final Duration outcomeGrace;
    private final Duration maxCallDuration;
    private final BiConsumer<PendingCall, CallEnd> onEnded;
    private final PlacedCall placed;

    private State state = State.ORIGINATING;
    private Future<?> timer;
    private CallOutcome outcome;
    /** The OriginateResponse's Failure reason. */
    private int reason;
    private String channel;
    private String dialStatus;
    private Integer hangupCause;
    private String hangupText;

    /** {@code onEnded} is told once, when the call is over, just before {@code ended()} completes. */
    PendingCall(Originate originate, AsteriskProperties settings, CallTimers timers,
            BiConsumer<PendingCall, CallEnd> onEnded) {
        this.originate = originate;
        this.timers = timers;
        this.outcomeGrace = settings.outcomeGrace();
        this.maxCallDuration = settings.maxCallDuration();
        this.onEnded = onEnded;
        this.placed = new PlacedCall(originate.channelId(), new CompletableFuture<>(), new CompletableFuture<>());
    }

    /** Waits at most {@code bound} for the OriginateResponse: to be called before the Originate is sent. */
    synchronized void awaitResponse(Duration bound) {
        timer = timers.after(bound, () -> onTimeout(bound));
    }

    PlacedCall placed() {
        return placed;
    }

    String callId() {
        return originate.channelId();
    }

    /** The answered channel (e.g. {@code PJSIP/TWILIO-00000001}), else the dial string. */
    synchronized String channel() {
        return channel == null || channel.isBlank() ? originate.channel() : channel;
    }

    void onOriginateResponse(String response, Integer failureReason, String responseChannel) {
        when(State.ORIGINATING, () -> {
            cancelTimer();
            channel = responseChannel;
            if ("Success".equalsIgnoreCase(response)) {
                outcome = new CallOutcome(CallStatus.ANSWERED, channel(), "answered (OriginateResponse Success)");
                if (hangupCause != null) {
                    // the dialplan can finish, and Asterisk report its Hangup, before the OriginateResponse
                    return end(CallEnd.Kind.HANGUP, hangupReason());
                }
                state = State.ANSWERED;
                timer = timers.after(maxCallDuration, this::onMaxDuration);
                return new Settled(outcome, null);
            }
            reason = failureReason == null ? 0 : failureReason;
            String detail = "OriginateResponse Failure, reason " + reason;
            return switch (reason) {
                case 3 -> notAnswered(CallStatus.NO_ANSWER, detail + ": rang out without answer");
                case 5 -> notAnswered(CallStatus.BUSY, detail + ": busy");
                case 8 -> notAnswered(CallStatus.CONGESTION, detail + ": congestion");
                default -> {
                    state = State.DECIDING;
                    if (decisive()) {
                        yield decide();
                    }
                    timer = timers.after(outcomeGrace, () -> when(State.DECIDING, this::decide));
                    yield Settled.NOTHING;
                }
            };
        });
    }

    void onDialEnd(String status) {
        transition(() -> {
            if (state != State.ENDED) {
                dialStatus = status;
            }
            return state == State.DECIDING && decisive() ? decide() : Settled.NOTHING;
        });
    }

    void onHangup(Integer cause, String causeText) {
        transition(() -> {
            if (state == State.ENDED) {
                return Settled.NOTHING;
            }
            hangupCause = cause == null ? 0 : cause;
            hangupText = causeText;
            return switch (state) {
                case DECIDING -> decide();
                case ANSWERED -> end(CallEnd.Kind.HANGUP, hangupReason());
                default -> Settled.NOTHING;
            };
        });
    }

    /** Asterisk refused the Originate, or it could not be sent: the call failed, and is over. */
    void onRefused(String why) {
        when(State.ORIGINATING, () -> notAnswered(CallStatus.FAILED, why));
    }

    void onLinkLost(String link) {
        transition(() -> switch (state) {
            case ORIGINATING -> {
                outcome = new CallOutcome(CallStatus.FAILED, channel(), "AMI link to Asterisk at " + link
                        + " was lost while the call was in progress; its outcome is unknown");
                yield end(CallEnd.Kind.LINK_LOST, "AMI link lost before the outcome; end unknown");
            }
            case DECIDING -> decide();
            case ANSWERED -> end(CallEnd.Kind.LINK_LOST, "AMI link to Asterisk at " + link + " lost, end unknown");
            case ENDED -> Settled.NOTHING;
        });
    }

    private void onTimeout(Duration bound) {
        when(State.ORIGINATING, () -> notAnswered(CallStatus.FAILED, "no OriginateResponse from Asterisk within "
                + bound.toSeconds() + " s"));
    }

    private void onMaxDuration() {
        when(State.ANSWERED, () -> end(CallEnd.Kind.MAX_DURATION, "Asterisk had not reported the call's end after "
                + "didpool.asterisk.max-call-duration (" + maxCallDuration.toString().substring(2)
                .toLowerCase(Locale.ROOT) + "): hung up by didpool"));
    }

    /** Runs one transition under the lock, and publishes what it settled once the lock is released. */
    private void transition(Supplier<Settled> step) {
        Settled settled;
        synchronized (this) {
            settled = step.get();
        }
        settled.publish(this);
    }

    /** A transition that applies only in {@code from}; in any other state the event changes nothing. */
    private void when(State from, Supplier<Settled> step) {
        transition(() -> state == from ? step.get() : Settled.NOTHING);
    }

    private boolean decisive() {
        return dialStatus != null && !"CHANUNAVAIL".equals(dialStatus) || hangupCause != null;
    }

    /** The outcome of a Failure whose reason did not say why, from what DialEnd and Hangup said. */
    private Settled decide() {
        String detail = "OriginateResponse Failure, reason " + reason + (dialStatus == null ? "" : ", DialEnd "
                + dialStatus) + (hangupCause == null ? "" : ", " + hangupReason());
        CallStatus status = fromDialStatus(dialStatus);
        if (status == null) {
            status = fromHangupCause(hangupCause);
        }
        if (status == CallStatus.FAILED) {
            detail += ": the channel could not be created or the far end refused the call; see `pjsip show endpoints`"
                    + " and Asterisk's log for the call id";
        }
        return notAnswered(status, detail);
    }

    private Settled notAnswered(CallStatus status, String reason) {
        outcome = new CallOutcome(status, channel(), reason);
        return end(CallEnd.Kind.NOT_ANSWERED, reason);
    }

    private Settled end(CallEnd.Kind kind, String reason) {
        cancelTimer();
        state = State.ENDED;
        return new Settled(outcome, new CallEnd(Instant.now(), kind, hangupCause, reason));
    }

    private String hangupReason() {
        return "Hangup cause " + hangupCause + (hangupText == null ? "" : " (" + AmiDialer.oneLine(hangupText) + ")");
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static CallStatus fromDialStatus(String dialStatus) {
        if (dialStatus == null) {
            return null;
        }
        return switch (dialStatus) {
            case "BUSY" -> CallStatus.BUSY;
            case "CONGESTION" -> CallStatus.CONGESTION;
            case "NOANSWER", "CANCEL" -> CallStatus.NO_ANSWER;
            default -> null;
        };
    }

    /** Q.850 causes: 17 user busy; 18/19 no answer; 34, 38, 41, 42, 44 network congestion or out of order. */
    private static CallStatus fromHangupCause(Integer cause) {
        if (cause == null) {
            return CallStatus.FAILED;
        }
        return switch (cause) {
            case 17 -> CallStatus.BUSY;
            case 18, 19 -> CallStatus.NO_ANSWER;
            case 34, 38, 41, 42, 44 -> CallStatus.CONGESTION;
            default -> CallStatus.FAILED;
        };
    }

    /** What a transition decided, published once the lock is released: outcome, then end; either may be null. */
    private record Settled(CallOutcome outcome, CallEnd end) {
        static final Settled NOTHING = new Settled(null, null);

        void publish(PendingCall call) {
            if (outcome != null && call.placed.outcome().complete(outcome)) {
                log.info("Call {} to {} with caller ID {}: {} ({})", call.callId(), call.originate.channel(),
                        call.originate.callerId(), outcome.status(), outcome.reason());
            }
            if (end != null) {
                call.onEnded.accept(call, end);
                log.debug("Call {} ended: {} ({})", call.callId(), end.kind(), end.reason());
                call.placed.ended().complete(end);
            }
        }
    }
}
