package io.didpool.allocation;

import java.util.List;

/**
 * The pools one request tries, in order ({@link AllocationRequest#attempts}), and where it is in them. The order
 * changes once: when the first segment, tried with {@link Reach#FIRST_OF_FALLBACKS}, passes on because its policy
 * spreads local presence across the fallbacks, the request goes on with {@link AllocationRequest#acrossFallbacks}
 * from its start. Every allocation path (one request, a batch in the dialer's transaction, a look) walks it alike.
 */
final class AttemptOrder {

    private final AllocationRequest request;
    private List<AllocationRequest.Attempt> attempts;
    private int position;

    AttemptOrder(AllocationRequest request) {
        this.request = request;
        this.attempts = request.attempts();
    }

    /** Whether a pool is left to try. */
    boolean hasCurrent() {
        return position < attempts.size();
    }

    AllocationRequest.Attempt current() {
        return attempts.get(position);
    }

    /** Moves on after the current pool found no DID; {@code passedOn}: it found none within its reach. */
    void next(boolean passedOn) {
        if (passedOn && current().reach() == Reach.FIRST_OF_FALLBACKS) {
            attempts = request.acrossFallbacks();
            position = 0;
        } else {
            position++;
        }
    }
}
