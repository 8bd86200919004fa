package io.didpool.twilio;

import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.type.PhoneNumberCapabilities;

/** What the import keeps of one IncomingPhoneNumber; fields are as Twilio sent them, not yet validated. */
record TwilioNumber(String number, String sid, String friendlyName, Boolean voice, Boolean sms, Boolean mms) {

    static TwilioNumber of(IncomingPhoneNumber resource) {
        PhoneNumberCapabilities capabilities = resource.getCapabilities();
        return new TwilioNumber(
                resource.getPhoneNumber() == null ? null : resource.getPhoneNumber().getEndpoint(),
                resource.getSid(),
                resource.getFriendlyName(),
                capabilities == null ? null : capabilities.getVoice(),
                capabilities == null ? null : capabilities.getSms(),
                capabilities == null ? null : capabilities.getMms());
    }
}
