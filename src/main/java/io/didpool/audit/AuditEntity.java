package io.didpool.audit;

import java.util.Arrays;
import java.util.Optional;

/** What an audit entry is about; {@code GET /api/audit?entity=} takes these names. */
public enum AuditEntity {
    DID, SEGMENT, POLICY, TRUNK, JOURNEY, KEY, TENANT, SUPPRESSION, CALLING_HOURS, DIALING_LIMITS, INBOUND, CAMPAIGN;

    /** The name in the API and in the table: lowercase. */
    public String value() {
        return name().toLowerCase();
    }

    static Optional<AuditEntity> of(String value) {
        return Arrays.stream(values()).filter(e -> e.value().equals(value)).findFirst();
    }
}
