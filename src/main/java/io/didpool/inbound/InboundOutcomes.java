package io.didpool.inbound;

import io.didpool.asterisk.InboundChannelEnded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** An inbound call's outcome and duration, from AMI, onto its record (after its decision, in the recorder's order). */
@Component
class InboundOutcomes {

    private final InboundRecorder recorder;

    InboundOutcomes(InboundRecorder recorder) {
        this.recorder = recorder;
    }

    @EventListener
    void ended(InboundChannelEnded ended) {
        if (ended.dialStatus() != null) {
            recorder.outcome(ended.uniqueId(), InboundOutcome.ofDialStatus(ended.dialStatus()),
                    (int) Math.min(Integer.MAX_VALUE, ended.connectedSeconds()));
        }
    }
}
