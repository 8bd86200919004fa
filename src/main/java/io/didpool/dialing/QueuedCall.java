package io.didpool.dialing;

import java.util.UUID;

/** A call to queue: its request and the trunk it is paced on. */
record QueuedCall(UUID id, CallRequest request, String trunk) {
}
