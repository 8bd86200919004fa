package io.didpool.journey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A journey as the contract shows it: its nodes in the order an execution runs them. */
record Journey(UUID id, String name, List<Node> nodes, Instant createdAt, Instant updatedAt) {

    record Node(UUID id, String type, NodeConfig config) {
    }
}
