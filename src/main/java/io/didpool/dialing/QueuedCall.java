package io.didpool.dialing;

import java.util.UUID;

/** A call to queue: its request, the trunk it is paced on, and how long it waits for its calling hours. */
record QueuedCall(UUID id, CallRequest request, String trunk, CallingHoursWaits.Wait hoursWait) {
}
