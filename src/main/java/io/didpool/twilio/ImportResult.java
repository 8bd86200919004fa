package io.didpool.twilio;

import io.didpool.did.ImportedNumber;
import java.util.List;

/**
 * The contract's answer to an import: what was read, what it did, and why the failed numbers were skipped; then the
 * DIDs imported from the account earlier that it no longer lists ({@code missing}, the first 1,000; how many in all in
 * {@code missingCount}) and how many of them this import marked released; whether it was a dry run (then it wrote
 * nothing, and the counts say what it would have done).
 */
record ImportResult(long fetched, long created, long updated, long unchanged, long failed,
        List<ImportedNumber.Problem> errors, List<ImportedNumber.Missing> missing, long missingCount, long released,
        boolean dryRun) {
}
