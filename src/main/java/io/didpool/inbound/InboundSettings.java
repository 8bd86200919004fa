package io.didpool.inbound;

/** A tenant's inbound settings (TEMPORARY stand-in; replaced by the settings API's). */
public record InboundSettings(String defaultRoute, int lookbackDays, MatchAcross matchAcross) {
}
