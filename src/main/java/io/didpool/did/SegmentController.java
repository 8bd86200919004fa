package io.didpool.did;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.PlainText;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/asterisk-dids")
@Tag(name = "Segments", description = "named pools of DIDs: declare, describe, rename, delete")
class SegmentController {

    private final DidService dids;
    private final SegmentService segments;

    SegmentController(DidService dids, SegmentService segments) {
        this.dids = dids;
        this.segments = segments;
    }

    @GetMapping("/segments")
    @Operation(description = "Segments that are declared or hold at least one DID, sorted by name.",
            summary = "The names of the tenant's segments (declared, or holding a DID), sorted")
    SegmentsResponse list(TenantId tenant) {
        return new SegmentsResponse(dids.segments(tenant));
    }

    @GetMapping("/segments/{segment}")
    @Operation(description = "The segment's description, inbound route, and how many DIDs it holds and how many of"
            + " them are selectable; 404 (no segment named 'x', with the nearest name) for one the tenant does not"
            + " have.",
            summary = "A segment: its description and how many DIDs (selectable ones) it holds")
    SegmentService.Segment get(TenantId tenant,
            @PathVariable @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment) {
        return segments.get(tenant, segment);
    }

    @PutMapping("/segments/{segment}")
    @Operation(summary = "Declare a segment, or replace its declaration (description and inbound route)",
            description = "A declared segment exists while it holds no DID, so that journeys may name it. The body"
                    + " replaces the declaration whole: a field left out (or null) becomes null, so send the"
                    + " description again when changing only the inbound route. inboundRoute: where a call to one"
                    + " of the segment's DIDs goes when it is no callback: a number such as +14155550100"
                    + " (forwarded over the DID's trunk) or PJSIP/<endpoint>; null: none (the tenant's default"
                    + " route, if any). It stays with the segment through a rename.")
    SegmentService.Segment declare(TenantId tenant,
            @PathVariable @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Valid @RequestBody Declaration body) {
        return segments.declare(tenant, segment, body.description(), body.inboundRoute());
    }

    @DeleteMapping("/segments/{segment}")
    @ApiResponse(responseCode = "409", description = "the segment holds DIDs")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(description = "Deletes its declaration and its policy; recorded in the audit trail. 409 while it"
            + " holds DIDs (move them first, e.g. with the bulk endpoint).",
            summary = "Delete a segment that holds no DID (409 while it holds some)")
    void delete(TenantId tenant,
            @PathVariable @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment) {
        segments.delete(tenant, segment);
    }

    @PostMapping("/segments/{segment}/rename")
    @ApiResponse(responseCode = "200", description = "the segment under its new name")
    @ApiResponse(responseCode = "409", description = "the new name is a segment already")
    @Operation(summary = "Rename a segment: its DIDs, the journey nodes and policies naming it follow",
            description = "One transaction. 409 when the new name is a segment already (to merge, move the DIDs"
                    + " with POST /api/asterisk-dids/bulk).")
    SegmentService.Segment rename(TenantId tenant,
            @PathVariable @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Valid @RequestBody Rename body) {
        return segments.rename(tenant, segment, body.to());
    }

    record SegmentsResponse(List<String> segments) {
    }

    /** A segment's declaration; {@code inboundRoute} is checked by the service, whose refusal quotes the value. */
    @JsonClassDescription("a segment's declaration")
    record Declaration(@Size(max = 1000) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE)
            String description,
            @Schema(nullable = true, pattern = DidRules.ROUTE, example = "PJSIP/reception",
                    description = "where a call to one of the segment's DIDs goes when it is no callback: a number"
                            + " such as +14155550100 or PJSIP/<endpoint>; null: none")
            String inboundRoute) {
    }

    @JsonClassDescription("a segment's rename")
    record Rename(@NotNull @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String to) {
    }
}
