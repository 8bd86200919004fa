package io.didpool.callinghours;

import java.time.Instant;

/**
 * The calling hours in force for a set of calls (a campaign's, a journey's or a tenant's), applied to destinations.
 * Cheap to ask many times: what a destination's number says (its zones and region) is looked up once per area code
 * and exchange, and shared by all.
 */
public interface CallingWindows {

    /** When a call to {@code destination} (E.164) may start, at or after {@code at}. */
    Opening next(String destination, Instant at);
}
