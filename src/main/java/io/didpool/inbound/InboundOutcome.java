package io.didpool.inbound;

/** How an inbound call ended, from Asterisk's dial status (AMI {@code DialEnd}) or didpool's refusal. */
enum InboundOutcome {
    ANSWERED, NO_ANSWER, BUSY, FAILED, CANCELLED, REFUSED;

    /** Asterisk's {@code DIALSTATUS}; unknown values are FAILED. */
    static InboundOutcome ofDialStatus(String status) {
        return switch (status == null ? "" : status) {
            case "ANSWER" -> ANSWERED;
            case "NOANSWER" -> NO_ANSWER;
            case "BUSY" -> BUSY;
            case "CANCEL" -> CANCELLED;
            default -> FAILED;
        };
    }
}
