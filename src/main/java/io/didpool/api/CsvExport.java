package io.didpool.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An export's CSV (RFC 4180, Commons CSV) written to {@code out} row by row as rows come, after its header line. A
 * write that fails (the client went away) is thrown unchecked: the export stops. Text cells that may start with a
 * formula character are the caller's to neutralise ({@link CsvCells}).
 */
public final class CsvExport implements AutoCloseable {

    private final CSVPrinter printer;

    public CsvExport(Writer out, List<String> columns) {
        try {
            this.printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new))
                    .get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void row(Object... cells) {
        try {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
