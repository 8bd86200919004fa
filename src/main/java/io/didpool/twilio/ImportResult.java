package io.didpool.twilio;

import java.util.List;

/** The contract's answer to an import: what was read, what it did, and why the failed numbers were skipped. */
record ImportResult(long fetched, long created, long updated, long unchanged, long failed, List<ImportError> errors) {

    record ImportError(String number, String reason) {
    }
}
