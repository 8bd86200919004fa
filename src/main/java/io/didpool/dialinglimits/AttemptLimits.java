package io.didpool.dialinglimits;

import io.didpool.tenant.TenantId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The tenant's limit of calls to one number in any rolling 24 hours, across its journeys and campaigns: asked when the
 * dialer claims calls, in the claim's transaction, so that across every instance no number gets more.
 */
@Component
public class AttemptLimits {

    /**
     * In the caller's transaction: takes the lock of each attempt's (tenant, number), in a set order, and says for
     * each whether it may be placed at {@code now} (the database's dialing clock) or from when. The locks are held
     * until the transaction ends; {@link Admission#placed} records the attempts that were placed.
     */
    public Admission admit(List<Attempt> attempts, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A call the dialer means to place. */
    public record Attempt(UUID callId, TenantId tenant, String number) {
    }

    /** The answer for a claim's attempts. */
    public interface Admission {

        /** Null when the call may be placed now; else the first instant it may. */
        Instant waitUntil(UUID callId);

        /** Records these calls (admitted ones) as placed at the claim's time: they count toward the limit. */
        void placed(Collection<UUID> callIds);
    }
}
