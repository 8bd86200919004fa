package io.didpool.asterisk;

/**
 * What Asterisk has said so far about one originated call. The OriginateResponse reason tells answered (4), no
 * answer (3), busy (5) and congestion (8) apart only in part: a far end answering 486 or 503 gives reason 0 (measured
 * against Asterisk 22), so then the DialEnd {@code DialStatus} or the Hangup cause decides, and since DialEnd can
 * arrive after the OriginateResponse it is waited for during a short grace.
 */
class PendingCall {

    /** Sink for the events of calls this service is not waiting for. */
    static final PendingCall NONE = new PendingCall("") {
        @Override
        synchronized void onOriginateResponse(String response, Integer reason, String channel) {
        }

        @Override
        synchronized void onDialEnd(String dialStatus) {
        }

        @Override
        synchronized void onHangup(Integer cause, String causeText) {
        }

        @Override
        synchronized void onLinkLost(String why) {
        }
    };

    private final String dialString;
    private String response;
    private Integer reason;
    private String channel;
    private String dialStatus;
    private Integer hangupCause;
    private String hangupText;
    private String linkLost;

    PendingCall(String dialString) {
        this.dialString = dialString;
    }

    synchronized void onOriginateResponse(String response, Integer reason, String channel) {
        this.response = response == null ? "" : response;
        this.reason = reason;
        this.channel = channel;
        notifyAll();
    }

    synchronized void onDialEnd(String dialStatus) {
        this.dialStatus = dialStatus;
        notifyAll();
    }

    synchronized void onHangup(Integer cause, String causeText) {
        this.hangupCause = cause;
        this.hangupText = causeText;
        notifyAll();
    }

    synchronized void onLinkLost(String why) {
        this.linkLost = why;
        notifyAll();
    }

    /** Waits at most {@code boundMillis} for the OriginateResponse, then at most {@code graceMillis} more. */
    synchronized CallOutcome await(long boundMillis, long graceMillis) {
        if (!waitFor(() -> response != null || linkLost != null, boundMillis)) {
            return failed("no OriginateResponse from Asterisk within " + boundMillis / 1000 + " s");
        }
        if (response == null) {
            return failed(linkLost);
        }
        if ("Success".equalsIgnoreCase(response)) {
            return new CallOutcome(CallStatus.ANSWERED, channel(), "answered (OriginateResponse Success)");
        }
        int code = reason == null ? 0 : reason;
        String originate = "OriginateResponse Failure, reason " + code;
        switch (code) {
            case 3:
                return new CallOutcome(CallStatus.NO_ANSWER, channel(), originate + ": rang out without answer");
            case 5:
                return new CallOutcome(CallStatus.BUSY, channel(), originate + ": busy");
            case 8:
                return new CallOutcome(CallStatus.CONGESTION, channel(), originate + ": congestion");
            default:
                waitFor(() -> dialStatus != null && !"CHANUNAVAIL".equals(dialStatus) || hangupCause != null,
                        graceMillis);
                return fromDialEndOrHangup(originate);
        }
    }

    private CallOutcome fromDialEndOrHangup(String originate) {
        String detail = originate + (dialStatus == null ? "" : ", DialEnd " + dialStatus)
                + (hangupCause == null ? "" : ", Hangup cause " + hangupCause
                        + (hangupText == null ? "" : " (" + AmiDialer.oneLine(hangupText) + ")"));
        CallStatus status = fromDialStatus(dialStatus);
        if (status == null) {
            status = fromHangupCause(hangupCause);
        }
        if (status == CallStatus.FAILED) {
            detail += ": the channel could not be created or the far end refused the call; see `pjsip show endpoints`"
                    + " and Asterisk's log for the call id";
        }
        return new CallOutcome(status, channel(), detail);
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

    private CallOutcome failed(String why) {
        return new CallOutcome(CallStatus.FAILED, channel(), why);
    }

    private String channel() {
        return channel == null || channel.isBlank() ? dialString : channel;
    }

    private boolean waitFor(java.util.function.BooleanSupplier done, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!done.getAsBoolean()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
        return true;
    }
}
