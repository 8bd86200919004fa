package io.didpool.coverage;

import java.math.BigDecimal;
import java.util.List;

/** The answers of the coverage API. A {@code key} is an area code ("212") or a region ("NY"); null: the DIDs without. */
final class Coverage {

    private Coverage() {
    }

    /** {@code GET /api/asterisk-dids/coverage}: the DIDs of each key, ordered by key (those without one last). */
    record Report(CoverageBy by, List<Row> rows) {
    }

    /**
     * One key's DIDs: how many, how many rotation may choose now ({@code selectable}), how many rest
     * ({@code resting}: selectable once the rest ends), how many of the selectable ones are at a cap of their
     * segment's policy now ({@code cappedNow}: rotation skips them until calls leave the window), their calls in the
     * last 24 hours, and the mean of their answer rates (those that have one; null when none has).
     */
    record Row(String key, long dids, long selectable, long resting, long cappedNow, long callsLastDay,
            BigDecimal answerRate) {
    }

    /**
     * {@code POST /api/asterisk-dids/coverage/contacts}: the distinct destinations ({@code contacts}), those that have
     * no key ({@code unplaced}: not NANP, or an area code of no single region), one row per key of the others, and the
     * keys that have destinations and no local DID ({@code gaps}), all ordered by key.
     */
    record Contacts(CoverageBy by, long contacts, long unplaced, List<ContactRow> rows, List<String> gaps) {
    }

    /**
     * A key's destinations, the selectable DIDs of that key in the segment and its fallbacks ({@code localDids}),
     * and how many destinations each of them would call ({@code callsPerLocalDid}; null when there is none).
     */
    record ContactRow(String key, long destinations, long localDids, BigDecimal callsPerLocalDid) {
    }
}
