package io.didpool.api;

/**
 * Free text of a request (names): no control characters, no line or paragraph separators, no bidirectional text
 * controls. PostgreSQL cannot store a NUL at all; a name with line breaks or escape sequences would garble every
 * listing, log line and terminal that shows it; and a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) makes a
 * name display as something other than what it is.
 */
public final class PlainText {

    /**
     * Refused: {@code \p{Cc}} (C0 and C1 controls, DEL), U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, the bidi
     * marks U+200E, U+200F and U+061C, the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069.
     */
    public static final String PATTERN = "[^\\p{Cc}\\u2028\\u2029\\u200E\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069]*";
    public static final String MESSAGE = "must not contain control characters, line or paragraph separators, or"
            + " bidirectional text controls";

    private PlainText() {
    }
}
