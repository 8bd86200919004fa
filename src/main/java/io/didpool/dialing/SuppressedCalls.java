package io.didpool.dialing;

import io.didpool.suppression.Suppression;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The claim's do-not-call check: a call whose destination its tenant suppressed after it was queued is not dialled.
 * It ends {@link DialOutcome#SUPPRESSED} in the claim's transaction, before rotation gives it a DID and before it
 * takes a slot; a DID it already holds (it missed a slot, or moved to its DID's trunk) gives its use back
 * ({@link CallLifecycle#endUnplaced}), unless an earlier set-up left. Its journey hears of it as of any end: the
 * execution ends SUPPRESSED. Cost: one statement per claim, one primary-key probe per claimed call; it reads
 * {@code suppressed_numbers} without locking, so it stands outside the claim's lock order.
 */
@Component
class SuppressedCalls {

    private final Suppression suppression;
    private final CallLifecycle calls;
    private final ApplicationEventPublisher events;

    SuppressedCalls(Suppression suppression, CallLifecycle calls, ApplicationEventPublisher events) {
        this.suppression = suppression;
        this.calls = calls;
        this.events = events;
    }

    /** Ends those of the claimed calls whose destination is suppressed now; answers their ids. */
    Set<UUID> end(Collection<ClaimedCall> claimed) {
        List<ClaimedCall> list = List.copyOf(claimed);
        Map<Integer, String> found = suppression.suppressedAmong(list.stream().map(ClaimedCall::tenant).toList(),
                list.stream().map(ClaimedCall::destination).toList());
        if (found.isEmpty()) {
            return Set.of();
        }
        List<UUID> ended = new ArrayList<>(found.size());
        found.forEach((i, reason) -> {
            ClaimedCall call = list.get(i);
            events.publishEvent(calls.endUnplaced(call.id(), DialOutcome.SUPPRESSED, Suppression.why(reason)).event());
            ended.add(call.id());
        });
        return Set.copyOf(ended);
    }
}
