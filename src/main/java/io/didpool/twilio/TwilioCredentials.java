package io.didpool.twilio;

/** A tenant's Twilio account and auth token, decrypted, for the length of one call to Twilio. */
record TwilioCredentials(String accountSid, String authToken) {

    static final String ACCOUNT_SID = "^AC[0-9a-fA-F]{32}$";
    static final String AUTH_TOKEN = "^[0-9a-fA-F]{32}$";

    String authTokenLast4() {
        return authToken.substring(authToken.length() - 4);
    }

    /** Never the token: a record's default toString would put it in any log line or message that names this. */
    @Override
    public String toString() {
        return "TwilioCredentials[accountSid=" + accountSid + ", authToken=****]";
    }
}
