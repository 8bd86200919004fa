package io.didpool.trunk;

/** What is happening on a trunk now; answered by the feature that dials (which depends on this one, not back). */
public interface TrunkActivity {

    /** Calls set up and not yet ended on the trunk, all instances and tenants together. */
    long callsInProgress(String trunk);

    /** Calls waiting for a set-up slot on the trunk. */
    long queued(String trunk);
}
