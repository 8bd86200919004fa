package io.didpool.allocation;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.DomainException;
import io.didpool.did.Did;
import io.didpool.did.DidRules;
import io.didpool.did.UsageStore;
import io.didpool.tenant.TenantId;
import jakarta.validation.Valid;
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
class AllocationController {

    private static final String OPTIONAL_SEGMENT = "^$|" + DidRules.SEGMENT;
    /** Most fallback segments a request may list. */
    static final int MAX_FALLBACKS = 10;

    private final AllocationService allocations;

    AllocationController(AllocationService allocations) {
        this.allocations = allocations;
    }

    @PostMapping("/allocate")
    Allocation allocate(TenantId tenant, @Valid @RequestBody(required = false) AllocateRequest request) {
        AllocateRequest r = request == null ? new AllocateRequest(null, null, null, null) : request;
        return allocations.allocate(tenant, new AllocationRequest(r.didId(), blankToNull(r.segment()),
                r.destination(), r.fallbackSegments()));
    }

    /** The same choice as {@code allocate} would make now, counting nothing. */
    @GetMapping("/next-available-by-segment")
    NextAvailable nextAvailable(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = OPTIONAL_SEGMENT) String segment,
            @RequestParam(required = false) @Pattern(regexp = DidRules.NUMBER,
                    message = "must be an E.164 number such as +14155550100") String destination,
            @RequestParam(required = false) @Size(max = MAX_FALLBACKS)
            List<@Pattern(regexp = DidRules.SEGMENT, message = "must match " + DidRules.SEGMENT) String>
                    fallbackSegments) {
        return allocations.peek(tenant, new AllocationRequest(null, blankToNull(segment), destination,
                        fallbackSegments))
                .map(a -> new NextAvailable(true, a.did(), a.segment(), a.match()))
                .orElse(new NextAvailable(false, null, null, null));
    }

    @GetMapping("/usage")
    UsageResponse usage(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = OPTIONAL_SEGMENT) String segment) {
        return new UsageResponse(allocations.usage(tenant, blankToNull(segment)));
    }

    @PostMapping("/usage/reset")
    ResetResponse reset(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = OPTIONAL_SEGMENT) String segment) {
        // "?segment=" from a script whose variable is unset must not reset the whole tenant
        if (segment != null && segment.isBlank()) {
            throw new DomainException.InvalidRequest("segment: must not be empty; leave it out to reset every segment");
        }
        return new ResetResponse(allocations.resetUsage(tenant, segment));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @JsonClassDescription("an allocation")
    record AllocateRequest(UUID didId,
            @Pattern(regexp = OPTIONAL_SEGMENT, message = "must match " + DidRules.SEGMENT) String segment,
            @Pattern(regexp = DidRules.NUMBER, message = "must be an E.164 number such as +14155550100")
            String destination,
            @Size(max = MAX_FALLBACKS)
            List<@NotNull @Pattern(regexp = DidRules.SEGMENT, message = "must match " + DidRules.SEGMENT) String>
                    fallbackSegments) {
    }

    /** The contract's shape, with the segment the DID would come from and the level that would match. */
    record NextAvailable(boolean available, Did did, String segment, Match match) {
    }

    record UsageResponse(List<UsageStore.SegmentUsage> segments) {
    }

    record ResetResponse(int reset) {
    }
}
