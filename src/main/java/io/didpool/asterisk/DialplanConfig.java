package io.didpool.asterisk;

import io.didpool.did.DidRules;
import java.util.regex.Pattern;

/**
 * didpool's dialplan ({@code asterisk/extensions-didpool.conf}, contexts {@code didpool-outbound} and
 * {@code didpool-inbound}) with the FastAGI address and the fallback route filled in. Both are checked first: each
 * lands in a line Asterisk parses and executes.
 */
final class DialplanConfig {

    static final String DEFAULT_AGI = "127.0.0.1:4573";

    private static final Pattern AGI = Pattern.compile("^[A-Za-z0-9.-]{1,253}:[0-9]{1,5}$");
    /** {@code PJSIP/+<number>@<endpoint>}: a number over a named trunk. */
    private static final Pattern NUMBER_OVER_TRUNK = Pattern.compile("^PJSIP/(\\+[1-9][0-9]{1,14})@([A-Za-z0-9_-]{1,64})$");

    private DialplanConfig() {
    }

    /**
     * The dialplan. {@code agi}: HOST:PORT; {@code fallbackRoute}: where a call goes when didpool gives no decision —
     * a number (over the trunk the call came in on), {@code PJSIP/<endpoint>} or {@code PJSIP/<number>@<trunk>};
     * null refuses such calls (busy).
     */
    static String render(String agi, String fallbackRoute) {
        String address = agi == null ? DEFAULT_AGI : agi;
        int colon = address.lastIndexOf(':');
        if (!AGI.matcher(address).matches() || Integer.parseInt(address.substring(colon + 1)) < 1
                || Integer.parseInt(address.substring(colon + 1)) > 65535) {
            throw new IllegalArgumentException("--agi: must be HOST:PORT, e.g. " + DEFAULT_AGI);
        }
        return TrunkConfig.template(TrunkConfig.DIALPLAN).replaceAll("(?m)^;;.*\\R", "")
                .replace("@AGI@", address)
                .replace("@FALLBACK@", fallback(fallbackRoute));
    }

    private static String fallback(String route) {
        if (route == null) {
            return "Busy(3)";
        }
        if (DidRules.isNumber(route)) {
            return "Dial(PJSIP/" + route + "@${CHANNEL(endpoint)},60)";
        }
        if (DidRules.isRoute(route) || NUMBER_OVER_TRUNK.matcher(route).matches()) {
            return "Dial(" + route + ",60)";
        }
        throw new IllegalArgumentException("--fallback-route: must be a number such as +14155550100, PJSIP/<endpoint>"
                + " or PJSIP/<number>@<trunk> (an endpoint or trunk name is 1 to 64 letters, digits, '_' or '-')");
    }
}
