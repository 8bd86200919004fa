package io.didpool.coverage;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.DomainException;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

@RestController
@RequestMapping("/api/asterisk-dids/coverage")
@Tag(name = "Coverage", description = "the tenant's DIDs by area code or state, and the destinations they leave uncovered")
class CoverageController {

    static final int MAX_CONTACTS = 100_000;
    private static final String BY = "areaCode (the default) or region (US state, Canadian province)";

    private final CoverageService coverage;

    CoverageController(CoverageService coverage) {
        this.coverage = coverage;
    }

    @GetMapping
    @Operation(summary = "The DIDs of each area code or state: how many, selectable, resting, at a cap, calls, answers",
            description = """
            One row per area code (or region) of the segment's DIDs (no segment: all the tenant's), ordered by key; \
            the DIDs without one (not NANP, or an area code of no single region) in a last row whose key is null. \
            `dids` counts every DID; `selectable` those rotation may choose now; `resting` those in a selectable \
            status whose rest has not ended (selectable again when it ends); `cappedNow` those of the selectable ones \
            at their segment policy's maxCallsPerHour or maxCallsPerDay now (skipped until calls leave the window); \
            `callsLastDay` the sum of their calls in the last 24 hours; `answerRate` the mean of their answer rates \
            (those that have one; null when none has).""")
    Coverage.Report report(TenantId tenant,
            @RequestParam(required = false) @Parameter(description = "one segment; left out: all the tenant's DIDs")
            @Pattern(regexp = "^$|" + DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @RequestParam(required = false) @Parameter(description = BY, schema = @Schema(
                    allowableValues = {"areaCode", "region"}, defaultValue = "areaCode")) String by) {
        return coverage.report(tenant, segment == null || segment.isEmpty() ? null : segment, CoverageBy.parse(by));
    }

    @PostMapping("/contacts")
    @ApiResponse(responseCode = "422", description = "campaignId names no campaign of the tenant")
    @Operation(summary = "Set destinations against the local DIDs that would call them; list the gaps",
            description = """
            The destinations are a campaign's contacts (`campaignId`) or the `contacts` given (up to 100,000, as a \
            campaign's: `{"phoneNumber":"+1…"}`; one invalid number refuses the request with a 400 naming its index), \
            each counted once. Each row is an area code (or region) of the destinations: `destinations`, \
            `localDids` (the DIDs of that key that rotation may choose now, in the segment and its fallbacks; no \
            segment: all the tenant's), and `callsPerLocalDid` (destinations / localDids; null when there is none). \
            `gaps` lists the keys with destinations and no local DID: with localPresence their calls take a DID of \
            the region, or any DID of the segment. `contacts` counts the destinations, `unplaced` those with no key \
            (not NANP, or an area code of no single region). A segment policy's maxCallsPerHour and maxCallsPerDay \
            hold per DID: a key whose callsPerLocalDid is above the daily cap cannot call all its destinations from \
            local DIDs within a day.""")
    Coverage.Contacts contacts(TenantId tenant,
            @RequestParam(required = false) @Parameter(description = BY, schema = @Schema(
                    allowableValues = {"areaCode", "region"}, defaultValue = "areaCode")) String by,
            @Valid @RequestBody ContactsRequest request) {
        CoverageBy key = CoverageBy.parse(by);
        if ((request.campaignId() == null) == (request.contacts() == null)) {
            throw new DomainException.InvalidRequest("campaignId, contacts: give one of them (a campaign's id, or a"
                    + " list of contacts)");
        }
        return coverage.contacts(tenant, key, request.segment(), request.fallbackSegments(), request.campaignId(),
                request.contacts() == null ? null : request.contacts().stream().map(Contact::phoneNumber).toList());
    }

    @JsonClassDescription("a coverage check of contacts")
    record ContactsRequest(
            @Schema(description = "the segment that would call them; null: all the tenant's DIDs", nullable = true)
            @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Schema(description = "segments tried after it, as an allocation's", nullable = true)
            @Size(max = 20) List<@NotNull @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE)
                    String> fallbackSegments,
            @Schema(description = "a campaign whose contacts are the destinations", nullable = true) UUID campaignId,
            @Size(max = MAX_CONTACTS, message = "at most 100,000 contacts")
            List<@NotNull @Valid Contact> contacts) {
    }

    @JsonClassDescription("a contact")
    record Contact(@NotNull @Pattern(regexp = DidRules.NUMBER, message = DidRules.NUMBER_MESSAGE) String phoneNumber) {
    }
}
