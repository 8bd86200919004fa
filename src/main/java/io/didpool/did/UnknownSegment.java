package io.didpool.did;

import java.util.Collection;
import java.util.Optional;

/**
 * The one answer for a segment the tenant does not have (neither declared nor holding a DID), wherever it is named:
 * "no segment named 'x'", with the nearest of the tenant's segments when one is near ("did you mean 'ny-metro'?").
 * Named in a path or as the subject of a report it is a 404; named in a body as what a call takes its DID from (a
 * reference), a 422 (the contract's rule for references that do not resolve).
 */
final class UnknownSegment {

    /** Most edits (insertions, deletions, substitutions) between a misspelt name and the one meant. */
    static final int MAX_EDITS = 2;
    /** Fewest characters a name and a segment must share at their start for the name to be taken for a prefix of it. */
    static final int MIN_PREFIX = 3;

    private UnknownSegment() {
    }

    /** "no segment named 'x' (…); did you mean 'y'?" among {@code known}, the tenant's segments. */
    static String message(String name, Collection<String> known) {
        return "no segment named '" + name + "' (none is declared and no DID is in it)"
                + nearest(name, known).map(n -> "; did you mean '" + n + "'?").orElse("");
    }

    /**
     * The tenant's segment nearest to {@code name}: the fewest edits, at most {@link #MAX_EDITS}, else one that
     * begins with it or that it begins with (at least {@link #MIN_PREFIX} characters); ties go to the first in
     * {@code known}'s order.
     */
    static Optional<String> nearest(String name, Collection<String> known) {
        String best = null;
        int bestEdits = MAX_EDITS + 1;
        for (String candidate : known) {
            int edits = distance(name, candidate, bestEdits);
            if (edits < bestEdits) {
                best = candidate;
                bestEdits = edits;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        for (String candidate : known) {
            String shorter = candidate.length() < name.length() ? candidate : name;
            String longer = shorter == candidate ? name : candidate;
            if (shorter.length() >= MIN_PREFIX && longer.startsWith(shorter)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Levenshtein distance of {@code a} and {@code b}, or {@code limit} once it is sure to reach it. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
