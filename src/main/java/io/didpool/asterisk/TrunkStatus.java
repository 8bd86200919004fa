package io.didpool.asterisk;

import java.util.List;

/**
 * A trunk as Asterisk and didpool see it. {@code known} is null when AMI is not configured (nothing was asked),
 * false when Asterisk has no PJSIP endpoint of that name; {@code endpoint} is what {@code PJSIPShowEndpoint} reported.
 */
record TrunkStatus(String trunk, boolean amiConfigured, Boolean known, String message, Endpoint endpoint,
        long didCount) {

    record Endpoint(String deviceState, String activeChannels, String context, String aors, String outboundAuth,
            String transport, String fromDomain, String callerId, Boolean sendPai, Boolean sendRpid,
            List<Contact> contacts) {
    }

    record Contact(String aor, String uri, String status, String roundtripUsec) {
    }
}
