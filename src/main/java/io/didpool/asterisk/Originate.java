package io.didpool.asterisk;

import java.util.Map;

/**
 * The exact AMI {@code Originate} for one call, field by field: what the AMI dialer sends and what the dry-run dialer
 * records. Built only by {@link CallValidation}, so every value in it has been checked.
 */
record Originate(String channel, String callerId, String context, String exten, int priority, boolean async,
        long timeoutMillis, String channelId, Map<String, String> variables) {

    public Originate {
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }
}
