package io.didpool.api;

/**
 * Free text of a request (names): no control characters. PostgreSQL cannot store a NUL at all, and a name with line
 * breaks or escape sequences would garble every listing and terminal that shows it.
 */
public final class PlainText {

    public static final String PATTERN = "[^\\p{Cntrl}]*";
    public static final String MESSAGE = "must not contain control characters";

    private PlainText() {
    }
}
