package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * How many calls to each DID answered an earlier call (callbacks), for a DID's {@code callbacksLastDay} and
 * {@code callbacksLast30Days}. Declared here, implemented by the inbound feature (which knows the calls and depends on
 * this one): the DID list asks once per page. A callback is an inbound call to the DID from a number a call of the
 * tenant called within its look-back, whatever became of it (routed by its journey's or campaign's
 * {@code callbackTo}, by the segment's or default route, or refused): the record names the execution it answers.
 */
public interface CallbackCounts {

    /** Per DID of {@code didIds} that has callbacks in the last 30 days, its counts; a DID with none is left out. */
    Map<UUID, Counts> of(TenantId tenant, Collection<UUID> didIds);

    /** Callbacks in the last 24 hours and in the last 30 days (the first counted in the second). */
    record Counts(long lastDay, long last30Days) {

        public static final Counts NONE = new Counts(0, 0);
    }
}
