package io.didpool.did;

import io.didpool.api.CsvCells;
import io.didpool.api.CsvExport;
import io.didpool.api.CsvImport;
import io.didpool.api.PlainText;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * DIDs as CSV (RFC 4180, through Apache Commons CSV): the export's writer and the import's reader. An exported file
 * imports back to exactly the values it was written from. A cell of a text column (see {@link #neutralised}) that a
 * spreadsheet would run as a formula is exported with a leading {@code '} ({@link CsvCells}, shared with the
 * suppression list's CSV).
 * A cell is taken as written, spaces included (a spreadsheet writes a name's spaces without quotes); only the header
 * and the columns whose values cannot hold spaces (number, segment, trunk, status) are stripped of them.
 */
final class DidCsv {

    static final List<String> EXPORT_COLUMNS =
            List.of("number", "segment", "trunk", "status", "friendlyName", "usageCount", "lastUsedAt");
    static final List<String> IMPORT_COLUMNS = List.of("number", "segment", "trunk", "status", "friendlyName");
    /** The export's read-only columns: an import accepts and ignores them, so that an exported file imports as is. */
    static final List<String> IGNORED_COLUMNS = List.of("usageCount", "lastUsedAt");

    /** Rows one import takes (a larger file is refused whole, before anything is written). */
    static final int MAX_ROWS = CsvImport.MAX_ROWS;

    private static final Pattern PLAIN_TEXT = Pattern.compile(PlainText.PATTERN);
    private static final Pattern STATUS = Pattern.compile(DidRules.STATUS);

    private DidCsv() {
    }

    /** Writes DIDs to {@code out} as they come, after the header line. */
    static final class Export implements AutoCloseable {
        private final CsvExport csv;

        Export(Writer out) {
            this.csv = new CsvExport(out, EXPORT_COLUMNS);
        }

        void write(Did did) {
            csv.row(did.number(), did.segment(), neutralised(did.trunk()), did.status(),
                    neutralised(did.friendlyName()), did.usageCount(), did.lastUsedAt());
        }

        @Override
        public void close() {
            csv.close();
        }
    }

    /**
     * A text column's value as exported. The text columns are those whose values may start with a formula character:
     * the friendly name (free text) and the trunk (its name may start with '-'). A number always starts with '+' and
     * is read as a number, never run; a segment starts with a letter or digit; a status is a word.
     */
    static String neutralised(String text) {
        return CsvCells.neutralised(text);
    }

    /** A text column's value as imported: the exact reverse of {@link #neutralised}. */
    static String unneutralised(String cell) {
        return CsvCells.unneutralised(cell);
    }

    /**
     * Reads an import file, in UTF-8: its header (400 naming a column the import does not take, or a missing
     * {@code number}) and every row, valid or not. {@code trunkAllowed} says whether the tenant may name a trunk.
     */
    static Parsed read(InputStream body, Predicate<String> trunkAllowed) throws IOException {
        return CsvImport.read(body, IMPORT_COLUMNS, IGNORED_COLUMNS, header -> new Parsed(header, trunkAllowed));
    }

    /** A file's valid rows, column by column, and the problems of the others. */
    static final class Parsed implements CsvImport.Rows {
        private final List<String> header;
        private final Predicate<String> trunkAllowed;
        private final Map<String, Long> rowOfNumber = new HashMap<>();
        private final List<String> numbers = new ArrayList<>();
        private final List<String> segments = new ArrayList<>();
        private final List<String> trunks = new ArrayList<>();
        private final List<String> statuses = new ArrayList<>();
        private final List<String> friendlyNames = new ArrayList<>();
        private final List<ImportedNumber.Problem> problems = new ArrayList<>();
        private long rows;

        private Parsed(List<String> header, Predicate<String> trunkAllowed) {
            this.header = header;
            this.trunkAllowed = trunkAllowed;
        }

        long rows() {
            return rows;
        }

        List<ImportedNumber.Problem> problems() {
            return problems;
        }

        int valid() {
            return numbers.size();
        }

        CsvImportRepository.CsvRows columns() {
            return new CsvImportRepository.CsvRows(numbers.toArray(String[]::new), segments.toArray(String[]::new),
                    trunks.toArray(String[]::new), statuses.toArray(String[]::new),
                    friendlyNames.toArray(String[]::new), header.contains("segment"),
                    header.contains("friendlyName"));
        }

        /** Takes one row, or lists its problem; {@code undecodable}: its first cell that was not UTF-8, or -1. */
        @Override
        public void read(CSVRecord record, int undecodable) {
            rows++;
            long row = record.getRecordNumber() + 1; // the header is row 1, as a spreadsheet numbers them
            String number = word(record, "number");
            if (!record.isConsistent()) {
                problem(number, row, "has " + record.size() + " fields where the header has " + header.size());
                return;
            }
            if (undecodable >= 0) {
                problem(number, row, header.get(undecodable) + ": not valid UTF-8 (save the file as CSV UTF-8)");
                return;
            }
            String segment = emptyToNull(word(record, "segment"));
            String trunk = emptyToNull(unneutralised(word(record, "trunk")));
            String status = emptyToNull(word(record, "status"));
            String friendlyName = emptyToNull(unneutralised(cell(record, "friendlyName")));
            String reason = number == null || number.isEmpty() ? "number: missing"
                    : !DidRules.isNumber(number) ? "number: " + DidRules.NUMBER_MESSAGE
                    : segment != null && !DidRules.isSegment(segment) ? "segment: " + DidRules.SEGMENT_MESSAGE
                    : trunk != null && !DidRules.isTrunk(trunk) ? "trunk: " + DidRules.TRUNK_MESSAGE
                    : trunk != null && !trunkAllowed.test(trunk) ? "trunk: " + trunk + " is not open to this tenant"
                    : status != null && !STATUS.matcher(status).matches() ? "status: " + DidRules.STATUS_MESSAGE
                    : friendlyName != null && friendlyName.length() > 255 ? "friendlyName: longer than 255 characters"
                    : friendlyName != null && !PLAIN_TEXT.matcher(friendlyName).matches()
                            ? "friendlyName: " + PlainText.MESSAGE
                    : null;
            if (reason == null && rowOfNumber.containsKey(number)) {
                reason = "number: already on row " + rowOfNumber.get(number) + " of this file";
            }
            if (reason != null) {
                problem(number, row, reason);
                return;
            }
            rowOfNumber.put(number, row);
            numbers.add(number);
            segments.add(segment);
            trunks.add(trunk);
            statuses.add(status);
            friendlyNames.add(friendlyName);
        }

        private void problem(String number, long row, String reason) {
            String shown = number == null ? null : number.replaceAll("\\p{Cntrl}", "?");
            shown = shown == null || shown.length() <= 32 ? shown : shown.substring(0, 32) + "…";
            problems.add(new ImportedNumber.Problem(shown, "row " + row + ": " + reason));
        }

        /** A cell as written, or null when the file has no such column or the row stops short of it. */
        private String cell(CSVRecord record, String column) {
            int index = header.indexOf(column);
            return index >= 0 && index < record.size() ? record.get(index) : null;
        }

        /** A cell of a column whose values hold no spaces: spaces around it are not part of it. */
        private String word(CSVRecord record, String column) {
            String cell = cell(record, column);
            return cell == null ? null : cell.strip();
        }

        private static String emptyToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
