package io.didpool.asterisk;

import io.didpool.did.DidRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The PJSIP configuration of a Twilio Elastic SIP Trunk, filled into the repository's template
 * ({@code asterisk/pjsip-twilio-trunk.conf}, packaged as the classpath resource of the same name). Every value is
 * validated first (the template's own {@code ;;} comment lines, which name the placeholders, are dropped): none
 * may end the line, open a comment ({@code ;}), a section or an include, since each lands in a
 * file Asterisk parses. Messages never repeat the password.
 */
final class TrunkConfig {

    static final String TEMPLATE = "asterisk/pjsip-twilio-trunk.conf";
    static final String DIALPLAN = "asterisk/extensions-didpool.conf";

    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._~+-]{1,64}$");
    /** Printable ASCII without space, {@code ;} (comment) and {@code #} (directive). */
    private static final Pattern PASSWORD = Pattern.compile("^[\\x21-\\x7E&&[^;#]]{1,128}$");

    private TrunkConfig() {
    }

    /** The configuration text; throws {@link IllegalArgumentException} naming the bad input (never the password). */
    public static String render(String trunk, String terminationUri, String username, String password) {
        if (!DidRules.isTrunk(trunk)) {
            throw new IllegalArgumentException("--trunk: must be 1-64 letters, digits, '_' or '-' (the trunk of the "
                    + "DIDs, e.g. TWILIO)");
        }
        String host = hostOf(terminationUri);
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "--username: must be 1-64 letters, digits, '.', '_', '~', '+' or '-'");
        }
        checkPassword(password);
        return template(TEMPLATE).replaceAll("(?m)^;;.*\\R", "")
                .replace("@TRUNK@", trunk)
                .replace("@TERMINATION_URI@", terminationUri)
                .replace("@TERMINATION_HOST@", host)
                .replace("@USERNAME@", username)
                .replace("@PASSWORD@", password);
    }

    /** A host name or IPv4 address, optionally with {@code :port}; returns the host alone. */
    static String hostOf(String terminationUri) {
        String message = "--termination-uri: must be the trunk's Termination SIP URI host, e.g. "
                + "example.pstn.twilio.com (optionally :port), without sip: or parameters";
        if (terminationUri == null || terminationUri.length() > 259) {
            throw new IllegalArgumentException(message);
        }
        String host = terminationUri;
        int colon = terminationUri.indexOf(':');
        if (colon >= 0) {
            host = terminationUri.substring(0, colon);
            String port = terminationUri.substring(colon + 1);
            if (!port.matches("^[0-9]{1,5}$") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException(message);
            }
        }
        if (host.isEmpty() || host.length() > 253 || host.endsWith(".")) {
            throw new IllegalArgumentException(message);
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(message);
            }
        }
        return host;
    }

    static void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--password-file: the file holds no password");
        }
        if (password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("--password-file: the password must be one line (a line break is "
                    + "allowed only at the very end of the file)");
        }
        if (password.indexOf(';') >= 0 || password.indexOf('#') >= 0) {
            throw new IllegalArgumentException("--password-file: the password contains ';' or '#', which "
                    + "pjsip.conf would read as a comment or directive; choose another password in Twilio");
        }
        if (!PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("--password-file: the password must be 1-128 printable ASCII "
                    + "characters without spaces");
        }
    }

    static String template(String resource) {
        try (InputStream in = TrunkConfig.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
