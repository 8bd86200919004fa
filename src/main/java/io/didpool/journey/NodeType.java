package io.didpool.journey;

/** What a node does. The table's CHECK and {@link JourneyRequests#NODE_TYPE} list the same values. */
enum NodeType {
    /** Allocates a DID (by id, by segment or by default rotation) and calls the contact with it. */
    MAKE_CALL
}
