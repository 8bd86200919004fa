package io.didpool.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * How every CSV import reads its file (RFC 4180, Commons CSV): UTF-8 read strictly ({@link StrictUtf8Reader}), a header
 * line naming known columns with a {@code number} column among them, at most {@link #MAX_ROWS} rows (a larger file is
 * refused whole, before anything is written), and each row handed over with the first of its cells that held bytes
 * that were not valid UTF-8. A malformed file is a 400 naming what is wrong; a row's own problems are its reader's.
 */
public final class CsvImport {

    /** Rows one import takes. */
    public static final int MAX_ROWS = 100_000;

    private static final CSVFormat READ = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .get();

    /** What an import makes of its rows, one after the other. */
    public interface Rows {
        /** One row; {@code undecodable} is the index of its first cell that was not valid UTF-8, or -1. */
        void read(CSVRecord record, int undecodable);
    }

    private CsvImport() {
    }

    /**
     * Reads {@code body}: its header must name only {@code columns} and {@code ignored} ones (those an export adds
     * and an import leaves alone), {@code number} among them; {@code start} makes the rows' reader for the header
     * (its names stripped), which is answered once every row went through it.
     */
    public static <R extends Rows> R read(InputStream body, List<String> columns, List<String> ignored,
            Function<List<String>, R> start) throws IOException {
        StrictUtf8Reader in = new StrictUtf8Reader(body);
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(READ).get()) {
            List<String> header = parser.getHeaderNames().stream().map(String::strip).toList();
            checkHeader(header, columns, ignored);
            R rows = start.apply(header);
            // a row's text ends where the next row starts: only then is it known whether its U+FFFD were all valid
            CSVRecord previous = null;
            for (CSVRecord record : parser) {
                if (record.getRecordNumber() > MAX_ROWS) {
                    throw new DomainException.InvalidRequest("body: a CSV import takes at most " + MAX_ROWS
                            + " rows; split the file");
                }
                if (previous != null) {
                    rows.read(previous, in.firstUndecodable(previous.getCharacterPosition(),
                            record.getCharacterPosition(), previous.toList()));
                }
                previous = record;
            }
            if (previous != null) {
                rows.read(previous, in.firstUndecodable(previous.getCharacterPosition(), Long.MAX_VALUE,
                        previous.toList()));
            }
            return rows;
        } catch (IllegalArgumentException e) {
            // Commons CSV refuses a header with an empty or repeated column name this way
            throw new DomainException.InvalidRequest("body: the CSV header line is not usable: " + e.getMessage());
        } catch (CSVException e) {
            throw malformed(e);
        } catch (UncheckedIOException e) {
            // the parser's iterator wraps what it meets while reading: a malformed CSV is the caller's mistake;
            // anything else (the body cut off, over its size limit) goes on as the IOException it is
            if (e.getCause() instanceof CSVException csv) {
                throw malformed(csv);
            }
            throw e.getCause();
        }
    }

    private static DomainException malformed(CSVException e) {
        return new DomainException.InvalidRequest("body: the CSV is malformed (" + e.getMessage()
                + "); fields with commas, quotes or line breaks must be in double quotes, a quote doubled");
    }

    private static void checkHeader(List<String> header, List<String> columns, List<String> ignored) {
        if (header.isEmpty()) {
            throw new DomainException.InvalidRequest("body: the CSV is empty; its first line names the columns, e.g. "
                    + String.join(",", columns));
        }
        if (new HashSet<>(header).size() < header.size()) {
            throw new DomainException.InvalidRequest("body: the CSV header line is not usable: it names a column"
                    + " twice: " + String.join(",", header));
        }
        Set<String> unknown = new LinkedHashSet<>(header);
        unknown.removeAll(columns);
        unknown.removeAll(ignored);
        if (!unknown.isEmpty()) {
            throw new DomainException.InvalidRequest("columns: unknown column " + String.join(", ", unknown)
                    + "; a CSV import takes " + String.join(", ", columns) + " (number required"
                    + (ignored.isEmpty() ? ")"
                            : "; " + String.join(" and ", ignored) + ", as exported, are ignored)"));
        }
        if (!header.contains("number")) {
            throw new DomainException.InvalidRequest("columns: the CSV has no number column; its header line names"
                    + " the columns, e.g. " + String.join(",", columns));
        }
    }
}
