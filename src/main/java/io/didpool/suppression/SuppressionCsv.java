package io.didpool.suppression;

import io.didpool.api.CsvCells;
import io.didpool.api.CsvExport;
import io.didpool.api.CsvImport;
import io.didpool.api.PlainText;
import io.didpool.did.DidRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * The do-not-call list as CSV (RFC 4180, Commons CSV): {@code number,reason,expiresAt}, read strictly as the DID import
 * reads (UTF-8 through {@link CsvImport}: a cell that is not valid UTF-8 fails its row), and a reason that a
 * spreadsheet would run as a formula exported with a leading {@code '} ({@link CsvCells}), which the import takes off
 * again: an exported file imports back to the same entries.
 */
final class SuppressionCsv {

    static final List<String> COLUMNS = List.of("number", "reason", "expiresAt");
    static final int MAX_ROWS = CsvImport.MAX_ROWS;
    static final int MAX_REASON = 200;

    private static final Pattern PLAIN_TEXT = Pattern.compile(PlainText.PATTERN);

    private SuppressionCsv() {
    }

    static final class Export implements AutoCloseable {
        private final CsvExport csv;

        Export(Writer out) {
            this.csv = new CsvExport(out, COLUMNS);
        }

        void write(SuppressedNumber entry) {
            csv.row(entry.number(), CsvCells.neutralised(entry.reason()), entry.expiresAt());
        }

        @Override
        public void close() {
            csv.close();
        }
    }

    /** Reads an import file: 400 for a header naming a column other than these or without number; every row. */
    static Parsed read(InputStream body) throws IOException {
        return CsvImport.read(body, COLUMNS, List.of(), Parsed::new);
    }

    /** A file's valid rows and the problems of the others. */
    static final class Parsed implements CsvImport.Rows {
        private final List<String> header;
        private final Map<String, Long> rowOfNumber = new HashMap<>();
        final List<String> numbers = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        final List<Timestamp> expiresAt = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        long rows;

        private Parsed(List<String> header) {
            this.header = header;
        }

        @Override
        public void read(CSVRecord record, int undecodable) {
            rows++;
            long row = record.getRecordNumber() + 1; // the header is row 1, as a spreadsheet numbers them
            String number = strip(cell(record, "number"));
            if (!record.isConsistent()) {
                problem(number, row, "has " + record.size() + " fields where the header has " + header.size());
                return;
            }
            if (undecodable >= 0) {
                problem(number, row, header.get(undecodable) + ": not valid UTF-8 (save the file as CSV UTF-8)");
                return;
            }
            String reason = emptyToNull(CsvCells.unneutralised(cell(record, "reason")));
            String expires = emptyToNull(strip(cell(record, "expiresAt")));
            Instant expiresAt = null;
            String problem = number == null || number.isEmpty() ? "number: missing"
                    : !DidRules.isNumber(number) ? "number: " + DidRules.NUMBER_MESSAGE
                    : reason != null && reason.length() > MAX_REASON ? "reason: longer than " + MAX_REASON
                            + " characters"
                    : reason != null && !PLAIN_TEXT.matcher(reason).matches() ? "reason: " + PlainText.MESSAGE
                    : null;
            if (problem == null && expires != null) {
                try {
                    expiresAt = OffsetDateTime.parse(expires).toInstant();
                } catch (DateTimeParseException e) {
                    problem = "expiresAt: " + DidRules.INSTANT_MESSAGE;
                }
            }
            if (problem == null && rowOfNumber.containsKey(number)) {
                problem = "number: already on row " + rowOfNumber.get(number) + " of this file";
            }
            if (problem != null) {
                problem(number, row, problem);
                return;
            }
            rowOfNumber.put(number, row);
            numbers.add(number);
            reasons.add(reason);
            this.expiresAt.add(expiresAt == null ? null : Timestamp.from(expiresAt));
        }

        private void problem(String number, long row, String reason) {
            String shown = number == null ? null : number.replaceAll("\\p{Cntrl}", "?");
            shown = shown == null || shown.length() <= 32 ? shown : shown.substring(0, 32) + "…";
            problems.add(new Problem(shown, "row " + row + ": " + reason));
        }

        private String cell(CSVRecord record, String column) {
            int index = header.indexOf(column);
            return index >= 0 && index < record.size() ? record.get(index) : null;
        }

        private static String strip(String cell) {
            return cell == null ? null : cell.strip();
        }

        private static String emptyToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }

    /** A row not imported: its number (as written, shortened) and why. */
    record Problem(String number, String reason) {
    }
}
