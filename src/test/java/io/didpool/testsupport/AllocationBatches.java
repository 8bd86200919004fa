package io.didpool.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads didpool's allocation batches back from the rows it answered: the i-th allocation of a batch is answered with
 * {@code lastUsedAt} = the batch's statement time + i µs, so one batch is a run of consecutive microseconds. Batches
 * of one pool run one after another, and each lasts far longer than its size in µs, so two runs never touch.
 */
public final class AllocationBatches {

    private AllocationBatches() {
    }

    /** The size of each batch, in the order the batches ran. */
    public static List<Integer> sizes(Collection<Instant> lastUsedAt) {
        long[] micros = lastUsedAt.stream()
                .mapToLong(t -> t.getEpochSecond() * 1_000_000 + t.getNano() / 1000)
                .sorted().toArray();
        List<Integer> sizes = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < micros.length; i++) {
            if (i > 0 && micros[i] != micros[i - 1] + 1) {
                sizes.add(run);
                run = 0;
            }
            run++;
        }
        if (run > 0) {
            sizes.add(run);
        }
        return sizes;
    }
}
