package io.didpool.dialing;

import java.util.UUID;

/** Which journey step asked for a call: the execution, the step's position, and the node it runs. */
public record CallReference(UUID executionId, int step, UUID nodeId) {
}
