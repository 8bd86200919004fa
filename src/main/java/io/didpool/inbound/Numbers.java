package io.didpool.inbound;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.didpool.did.DidRules;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What FastAGI sends, taken as untrusted text: the number called (the Request-URI's user, from Twilio "+1…") and the
 * caller ID (whatever the far end put in From). Neither is ever dialled or put into a dialplan variable; they are
 * read as numbers or recorded as cleaned text.
 */
final class Numbers {

    /** Longer input is not a phone number; it is cut before any parsing. */
    static final int MAX_RAW = 64;

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Digits, with or without a leading "+": the only text worth parsing. */
    private static final Pattern DIGITS = Pattern.compile("^\\+?[0-9]{4,15}$");

    private Numbers() {
    }

    /**
     * The E.164 form of a called or calling number: "+14155550100" as is, "14155550100" and "4155550100" read as
     * NANP. Empty for anything else (letters, "anonymous", an invalid number).
     */
    static Optional<String> e164(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_RAW || !DIGITS.matcher(raw).matches()) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = PHONES.parse(raw, "US");
            // only a number without its country code must be a valid NANP number; one with it (Twilio's form, every
            // call) is taken as parsed, and isValidNumber, most of a decision's time, is not asked for it
            if (!raw.startsWith("+") && !PHONES.isValidNumber(number)) {
                return Optional.empty();
            }
            String e164 = PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            return DidRules.isNumber(e164) ? Optional.of(e164) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Untrusted text as it may be shown and stored: printable characters only, at most {@code max} of them (code
     * points, as PostgreSQL counts a varchar's length: a character outside the BMP is never cut in half).
     */
    static String clean(String raw, int max) {
        if (raw == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder();
        raw.codePoints().limit(max * 2L).filter(c -> !Character.isISOControl(c) && Character.getType(c)
                != Character.FORMAT && Character.isDefined(c) && Character.getType(c) != Character.SURROGATE)
                .limit(max).forEach(clean::appendCodePoint);
        return clean.toString();
    }
}
