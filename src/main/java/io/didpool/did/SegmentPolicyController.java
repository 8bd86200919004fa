package io.didpool.did;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.tenant.TenantId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A segment's caller-ID policy: {@code GET} answers the one in force (the defaults when the segment has none, which
 * rotates exactly as without policies), {@code PUT} replaces it whole (fields left out take their defaults). A segment
 * that is neither declared nor holds a DID answers 404, so that a misspelt name is not given a policy no DID uses.
 */
@RestController
@RequestMapping("/api/asterisk-dids/segments/{segment}/policy")
@Tag(name = "Segments", description = "named pools of DIDs: declare, describe, rename, delete; usage per segment")
class SegmentPolicyController {

    private final SegmentService segments;

    SegmentPolicyController(SegmentService segments) {
        this.segments = segments;
    }

    @GetMapping
    @Operation(description = "The policy in force: the defaults when the segment has none (least used, no limits)."
            + " 404 for a segment the tenant does not have.",
            summary = "A segment's caller-ID policy: local presence, caps per DID, sticky days, resting by health")
    SegmentPolicy get(TenantId tenant,
            @PathVariable @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment) {
        return segments.policy(tenant, segment);
    }

    @PutMapping
    @Operation(description = "Replaces the policy whole; the next allocation follows it."
            + " localPresenceAcrossFallbacks needs localPresence. Recorded in the audit trail.",
            summary = "Set a segment's caller-ID policy (all of it: a field left out takes its default)")
    SegmentPolicy put(TenantId tenant,
            @PathVariable @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Valid @RequestBody PolicyRequest request) {
        return segments.setPolicy(tenant, segment, request.policy());
    }

    private static final String RATE_RANGE = "is out of range: must be above 0 and at most 1 (a share of calls"
            + " answered), or null";

    @JsonClassDescription("a segment policy")
    record PolicyRequest(
            Boolean localPresence,
            @Min(value = 1, message = "must be at least 1, or null for no cap") Integer maxCallsPerHour,
            @Min(value = 1, message = "must be at least 1, or null for no cap") Integer maxCallsPerDay,
            @Min(0) @Max(365) Integer stickyDays,
            @DecimalMin(value = "0", inclusive = false, message = RATE_RANGE)
            @DecimalMax(value = "1", message = RATE_RANGE)
            // decimals only: a value out of 0–1 is the range's to refuse, with one message
            @Digits(integer = Integer.MAX_VALUE, fraction = 3, message = "must have at most 3 decimals")
            BigDecimal restBelowAnswerRate,
            @Min(1) @Max(1000) Integer healthWindowCalls,
            @Min(1) @Max(8760) Integer restHours,
            Boolean localPresenceAcrossFallbacks) {

        SegmentPolicy policy() {
            SegmentPolicy none = SegmentPolicy.NONE;
            return new SegmentPolicy(localPresence != null && localPresence, maxCallsPerHour, maxCallsPerDay,
                    stickyDays == null ? none.stickyDays() : stickyDays, restBelowAnswerRate,
                    healthWindowCalls == null ? none.healthWindowCalls() : healthWindowCalls,
                    restHours == null ? none.restHours() : restHours,
                    localPresenceAcrossFallbacks != null && localPresenceAcrossFallbacks);
        }
    }
}
