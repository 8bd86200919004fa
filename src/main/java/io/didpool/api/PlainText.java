package io.didpool.api;

/**
 * Free text of a request (names): nothing invisible or that changes how the rest displays. PostgreSQL cannot store a
 * NUL at all; a name with line breaks or escape sequences would garble every listing, log line and terminal that shows
 * it; a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) makes a name display as something other than what it
 * is; an invisible character (U+200B ZERO WIDTH SPACE, U+FEFF, a tag U+E0041) lets two names that differ look the
 * same, so two tenants could pass for one; a noncharacter or an unpaired surrogate is not text at all (the driver
 * stored a lone U+D800 as {@code ?}).
 */
public final class PlainText {

    /**
     * Refused: {@code \p{Cc}} (C0 and C1 controls, DEL); {@code \p{Cf}}, every format character (the bidi marks,
     * embeddings, overrides and isolates, zero-width space, joiner U+200D and non-joiner, word joiner, U+FEFF, soft
     * hyphen, the tags U+E0001–U+E007F; so emoji joined by U+200D and tag flags are refused too); {@code \p{Cs}},
     * which Java's regex matches only for a surrogate without its pair; U+2028 LINE SEPARATOR ({@code \p{Zl}}) and
     * U+2029 PARAGRAPH SEPARATOR ({@code \p{Zp}}); the noncharacters U+FDD0–U+FDEF and the last two code points of
     * every plane (U+FFFE, U+FFFF, U+1FFFE … U+10FFFF). Constants, for {@code @Pattern}.
     */
    private static final String REFUSED_CHARACTERS = "\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}\\uFDD0-\\uFDEF\\uFFFE\\uFFFF"
            + "\\x{1FFFE}\\x{1FFFF}\\x{2FFFE}\\x{2FFFF}\\x{3FFFE}\\x{3FFFF}\\x{4FFFE}\\x{4FFFF}\\x{5FFFE}\\x{5FFFF}"
            + "\\x{6FFFE}\\x{6FFFF}\\x{7FFFE}\\x{7FFFF}\\x{8FFFE}\\x{8FFFF}\\x{9FFFE}\\x{9FFFF}\\x{AFFFE}\\x{AFFFF}"
            + "\\x{BFFFE}\\x{BFFFF}\\x{CFFFE}\\x{CFFFF}\\x{DFFFE}\\x{DFFFF}\\x{EFFFE}\\x{EFFFF}\\x{FFFFE}\\x{FFFFF}"
            + "\\x{10FFFE}\\x{10FFFF}";
    /** A name of none of them. */
    public static final String PATTERN = "[^" + REFUSED_CHARACTERS + "]*";
    /** One of them, for a name that is made to fit rather than refused (a Twilio friendly name). */
    public static final String REFUSED = "[" + REFUSED_CHARACTERS + "]";
    public static final String MESSAGE = "must not contain control characters, invisible or format characters (such"
            + " as zero-width spaces and joiners or bidirectional text controls), line or paragraph separators,"
            + " noncharacters or unpaired surrogates";

    private PlainText() {
    }
}
