package io.didpool.api;

import java.util.regex.Pattern;

/**
 * Text cells of the CSV files didpool exports and imports (DIDs, suppressed numbers): a cell that a spreadsheet would
 * run as a formula (it starts with =, +, -, @, a tab or a carriage return) is exported with a leading {@code '}, which
 * spreadsheets show as text; so is one that starts with {@code '} itself, so that the import can take off exactly the
 * {@code '} the export added: one {@code '} before a formula character or another {@code '}.
 */
public final class CsvCells {

    /** A value the export writes with a leading ': a spreadsheet would run it, or it starts with ' itself. */
    private static final Pattern TO_NEUTRALISE = Pattern.compile("^[=+\\-@\t\r']");
    /** A cell whose leading ' the export added. */
    private static final Pattern NEUTRALISED = Pattern.compile("^'[=+\\-@\t\r']");

    private CsvCells() {
    }

    /** A text column's value as exported. */
    public static String neutralised(String text) {
        return text != null && TO_NEUTRALISE.matcher(text).find() ? "'" + text : text;
    }

    /** A text column's value as imported: the exact reverse of {@link #neutralised}. */
    public static String unneutralised(String cell) {
        return cell != null && NEUTRALISED.matcher(cell).find() ? cell.substring(1) : cell;
    }
}
