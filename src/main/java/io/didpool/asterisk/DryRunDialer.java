package io.didpool.asterisk;

import org.springframework.stereotype.Component;

/** Places no call: answers {@link CallStatus#DRY_RUN} with the channel the Originate would have dialled. */
@Component
class DryRunDialer implements Dialer {

    @Override
    public CallOutcome call(OutboundCall call) {
        return new CallOutcome(CallStatus.DRY_RUN, "PJSIP/" + call.destination() + "@" + call.trunk(),
                "dry run: no AMI host configured");
    }
}
