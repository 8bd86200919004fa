package io.didpool.allocation;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.DomainException;
import io.didpool.did.Did;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rotation endpoints; they live under the DID paths of the contract. */
@RestController
@RequestMapping("/api/asterisk-dids")
@Tag(name = "Rotation", description = "choosing the caller ID of a call: the least-used DID, usage and its reset")
class AllocationController {

    private static final String OPTIONAL_SEGMENT = "^$|" + DidRules.SEGMENT;
    /** Most fallback segments a request may list. */
    static final int MAX_FALLBACKS = 10;

    private final AllocationService allocations;

    AllocationController(AllocationService allocations) {
        this.allocations = allocations;
    }

    @PostMapping("/allocate")
    @Operation(description = "didId takes that DID (409 when it is not usable now, never another); else the next"
            + " DID of segment, then of each of fallbackSegments in order; else of all the tenant's DIDs. With a"
            + " destination, the segment's policy applies (sticky, local presence, caps). 422 when a segment named"
            + " is not the tenant's and nothing was found.",
            summary = "Take a DID for a call and count its use: the one named, or the least used of a segment or"
            + " of the tenant")
    @ApiResponse(responseCode = "200", description = "the DID taken, its use counted")
    @ApiResponse(responseCode = "404", description = "no DID with that didId")
    @ApiResponse(responseCode = "409", description = "nothing is selectable (the DID named is not selectable)")
    @ApiResponse(responseCode = "422", description = "nothing found, and a segment named is not the tenant's")
    @ApiResponse(responseCode = "503", description = "the allocation did not complete in time; retry")
    Allocation allocate(TenantId tenant, @Valid @RequestBody(required = false) AllocateRequest request) {
        AllocateRequest r = request == null ? new AllocateRequest(null, null, null, null) : request;
        return allocations.allocate(tenant, new AllocationRequest(r.didId(), blankToNull(r.segment()),
                r.destination(), r.fallbackSegments()));
    }

    /** The same choice as {@code allocate} would make now, counting nothing. */
    @GetMapping("/next-available-by-segment")
    @Operation(description = "The same choice as allocate with the same parameters would make now, counting nothing"
            + " and locking nothing; available false when nothing is usable.",
            summary = "Which DID the next call of a segment (or of the tenant) would use; changes nothing")
    NextAvailable nextAvailable(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = OPTIONAL_SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @RequestParam(required = false) @Pattern(regexp = DidRules.NUMBER,
                    message = DidRules.NUMBER_MESSAGE) String destination,
            @RequestParam(required = false) @Size(max = MAX_FALLBACKS)
            List<@Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String>
                    fallbackSegments) {
        return allocations.peek(tenant, new AllocationRequest(null, blankToNull(segment), destination,
                        fallbackSegments))
                .map(a -> new NextAvailable(true, a.did(), a.segment(), a.match()))
                .orElse(new NextAvailable(false, null, null, null));
    }

    @GetMapping("/usage")
    @ApiResponse(responseCode = "404", description = "no segment of that name")
    @Operation(description = "Per segment (one segment with segment): DIDs, selectable DIDs, total, average, min"
            + " and max usage. 404 for a segment the tenant does not have.",
            summary = "Usage per segment (declared segments included); min and max over selectable DIDs")
    UsageResponse usage(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = OPTIONAL_SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment) {
        return new UsageResponse(allocations.usage(tenant, blankToNull(segment)));
    }

    @PostMapping("/usage/reset")
    @ApiResponse(responseCode = "404", description = "no segment of that name")
    @Operation(description = "Sets usageCount back to 0 (of one segment's DIDs with segment) and answers how many"
            + " changed; recorded in the audit trail. 404 for a segment the tenant does not have.",
            summary = "Set the usage of the tenant's DIDs (of one segment) back to 0")
    ResetResponse reset(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = OPTIONAL_SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment) {
        // "?segment=" from a script whose variable is unset must not reset the whole tenant
        if (segment != null && segment.isBlank()) {
            throw new DomainException.InvalidRequest("segment: must not be empty; leave it out to reset every segment");
        }
        return new ResetResponse(allocations.resetUsage(tenant, segment));
    }

    @GetMapping("/usage/histogram")
    @Operation(summary = "How the usage of each segment's selectable DIDs is spread, computed in the database",
            description = """
                    Per segment: its selectable DIDs, their min and max usage, and `buckets` (at most the number \
                    asked, default 50) of equal width covering min..max, each with how many DIDs fall in it; one \
                    usage count per bucket whenever max - min < buckets. Enough to draw the Segments page's chart \
                    without downloading the DIDs.""")
    HistogramResponse histogram(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.SEGMENT,
                    message = DidRules.SEGMENT_MESSAGE) String segment,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int buckets) {
        return new HistogramResponse(allocations.histogram(tenant,
                segment == null || segment.isBlank() ? null : segment, buckets));
    }


    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @JsonClassDescription("an allocation")
    record AllocateRequest(UUID didId,
            @Pattern(regexp = OPTIONAL_SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Pattern(regexp = DidRules.NUMBER, message = DidRules.NUMBER_MESSAGE)
            String destination,
            @Size(max = MAX_FALLBACKS)
            List<@NotNull @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String>
                    fallbackSegments) {
    }

    /** The contract's shape, with the segment the DID would come from and the level that would match. */
    record NextAvailable(boolean available, Did did, String segment, Match match) {
    }

    record UsageResponse(List<UsageReports.SegmentUsage> segments) {
    }

    record ResetResponse(int reset) {
    }

    record HistogramResponse(List<UsageReports.SegmentHistogram> segments) {
    }
}
