package io.didpool.callinghours;

import io.didpool.tenant.TenantId;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The calling hours of tenants, journeys and campaigns. A campaign's own hours replace its journey's, a journey's
 * replace its tenant's, and a tenant that never set any has didpool's shipped default.
 */
@Service
public class CallingHoursService {

    /** The hours in force for calls of the journey's execution ({@code campaignId} null: not in a campaign). */
    public CallingWindows windows(TenantId tenant, UUID journeyId, UUID campaignId) {
        throw new UnsupportedOperationException("not yet");
    }
}
