package io.didpool.dialinglimits;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.FieldRefused;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The tenant's dialing limits: how many calls one number may get in any rolling 24 hours. */
@RestController
@RequestMapping("/api/dialing-limits")
@Tag(name = "Dialing limits", description = "the tenant's limit of calls to one number in any rolling 24 hours")
class DialingLimitsController {

    private final DialingLimitsService limits;

    DialingLimitsController(DialingLimitsService limits) {
        this.limits = limits;
    }

    @GetMapping
    @Operation(summary = "The tenant's dialing limits", description = "`maxCallsPerContactPerDay` null: no limit.")
    DialingLimitsService.DialingLimits get(TenantId tenant) {
        return limits.get(tenant);
    }

    @PutMapping
    @Operation(summary = "Set the tenant's dialing limits", description = """
            `maxCallsPerContactPerDay`: at most that many calls to one number in any rolling 24 hours, across the \
            tenant's journeys and campaigns; a call over it waits (ATTEMPT_LIMIT) until it is allowed. Null (the \
            default) is no limit; otherwise a whole number from 1 to 1000. Calls are counted whether or not a limit \
            is set, so a new limit counts the calls of the last 24 hours.""")
    DialingLimitsService.DialingLimits put(TenantId tenant, @RequestBody DialingLimitsRequest request) {
        return limits.put(tenant, request.limit());
    }

    @JsonClassDescription("the tenant's dialing limits")
    record DialingLimitsRequest(
            @Schema(implementation = Integer.class, type = "integer", nullable = true, minimum = "1",
                    maximum = "" + DialingLimitsService.MAX_CALLS_PER_CONTACT_PER_DAY,
                    description = "calls to one number in any rolling 24 hours; null: no limit")
            JsonNode maxCallsPerContactPerDay) {

        /**
         * The limit: null, or a whole number from 1 to the maximum. Taken as JSON rather than as an Integer so that
         * every refusal (0, negative, a fraction, a string, out of range) names the value it refuses.
         */
        Integer limit() {
            JsonNode value = maxCallsPerContactPerDay;
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= 1
                    && value.asInt() <= DialingLimitsService.MAX_CALLS_PER_CONTACT_PER_DAY) {
                return value.asInt();
            }
            throw new FieldRefused("maxCallsPerContactPerDay", "must be null (no limit) or a whole number from 1 to "
                    + DialingLimitsService.MAX_CALLS_PER_CONTACT_PER_DAY + "; got " + value);
        }
    }
}
