package io.didpool.journey;

import io.didpool.callinghours.CallingHoursJson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A journey as the contract shows it: its nodes in the order an execution runs them; {@code callingHours}: its own
 * calling hours, or null when it has its tenant's; {@code callbackTo}: the route of a call back from a number it
 * called (a campaign's own wins), or null for none.
 */
record Journey(UUID id, String name, List<Node> nodes, Instant createdAt, Instant updatedAt,
        CallingHoursJson callingHours, String callbackTo) {

    Journey withCallingHours(CallingHoursJson hours) {
        return new Journey(id, name, nodes, createdAt, updatedAt, hours, callbackTo);
    }

    record Node(UUID id, String type, NodeConfig config) {
    }
}
