package io.didpool.inbound;

/**
 * A tenant's inbound settings, as {@code GET/PUT /api/inbound/settings} shows them. {@code defaultRoute}: where a
 * call goes that is no callback and whose segment has no route (null: none); {@code lookbackDays}: how far back a
 * call from the caller makes this one a callback; {@code matchAcross}: from which of the tenant's DIDs that call may
 * have been made.
 */
record InboundSettings(String defaultRoute, int lookbackDays, MatchAcross matchAcross) {

    /** What a tenant that never set any has (no row in {@code inbound_settings}). */
    static final InboundSettings DEFAULTS = new InboundSettings(null, 7, MatchAcross.DID);
}
