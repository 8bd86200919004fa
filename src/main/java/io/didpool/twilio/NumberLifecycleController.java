package io.didpool.twilio;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.FieldRefused;
import io.didpool.did.Did;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Twilio number lifecycle: buy, put on the trunk, check ownership, release. */
@RestController
@Tag(name = "Twilio numbers", description = "buying numbers, linking them to the trunk, ownership, release")
class NumberLifecycleController {

    private final NumberPurchase purchases;
    private final TrunkSync trunkSync;
    private final OwnershipCheck ownership;
    private final NumberRelease release;

    NumberLifecycleController(NumberPurchase purchases, TrunkSync trunkSync, OwnershipCheck ownership,
            NumberRelease release) {
        this.purchases = purchases;
        this.trunkSync = trunkSync;
        this.ownership = ownership;
        this.release = release;
    }

    @PostMapping("/api/twilio/numbers/purchase")
    @ApiResponse(responseCode = "409", description = "over the tenant's purchase limit (none was bought)")
    @ApiResponse(responseCode = "502", description = "Twilio's search failed (nothing was bought)")
    @Operation(summary = "Buy local numbers at Twilio as DIDs of a segment", description = """
            One of areaCode, region (state or province) or nearNumber. Searches Twilio's local US numbers for sale, \
            answers them with their monthly price (null when Twilio's Pricing API does not say); unless dryRun, buys \
            each, adds it as a DID at once, and associates it with the trunk's Twilio Elastic SIP Trunk when the \
            trunk has one. A failure is listed per number with its step (SEARCH, BUY, ASSOCIATE, ADD); a number \
            bought is never lost: one whose association failed is an inactive DID. Counted against the tenant's \
            purchasesPerDay (set by the admin; none until set).""")
    NumberPurchase.Result purchase(TenantId tenant, @Valid @RequestBody PurchaseRequest request) {
        return purchases.purchase(tenant, new NumberPurchase.Order(request.search(),
                request.count() == null ? 1 : request.count(),
                request.segment() == null ? ImportService.DEFAULT_SEGMENT : request.segment(), request.trunk(),
                Boolean.TRUE.equals(request.dryRun())));
    }

    @PostMapping("/api/twilio/trunk-sync")
    @ApiResponse(responseCode = "409", description = "the trunk is not linked to a Twilio Elastic SIP Trunk")
    @ApiResponse(responseCode = "502", description = "Twilio did not list the trunk's numbers")
    @Operation(summary = "Associate every DID of the trunk with its Twilio Elastic SIP Trunk", description = """
            The tenant's DIDs of the trunk that are not on the Twilio trunk yet are associated (a DID without a \
            providerSid is looked up on the account first); notInDidpool lists the numbers on the Twilio trunk that \
            no DID holds. trunk defaults to TWILIO. dryRun=true only reads.""")
    TrunkSync.Result trunkSync(TenantId tenant, @RequestParam(defaultValue = "false") boolean dryRun,
            @Valid @RequestBody(required = false) TrunkSyncRequest request) {
        return trunkSync.sync(tenant, request == null || request.trunk() == null ? DidRules.DEFAULT_TRUNK
                : request.trunk(), dryRun);
    }

    @PostMapping("/api/twilio/ownership-check")
    @ApiResponse(responseCode = "502", description = "Twilio failed for an account (the others were recorded)")
    @Operation(summary = "Check now that the tenant's DIDs are on the Twilio account of their trunk", description = """
            ON_ACCOUNT (an IncomingPhoneNumber), VERIFIED_CALLER_ID (an OutgoingCallerId) or NOT_ON_ACCOUNT, which \
            is not selectable; also run at import and on a schedule.""")
    OwnershipCheck.Summary ownershipCheck(TenantId tenant) {
        return ownership.check(tenant);
    }

    @PostMapping("/api/asterisk-dids/{id}/release")
    @ApiResponse(responseCode = "409", description = "a call is in progress on the DID")
    @ApiResponse(responseCode = "502", description = "released in didpool, but Twilio did not release it")
    @Operation(summary = "Release a DID: out of rotation at once, and on Twilio when onTwilio", description = """
            Status released at once (committed before Twilio is asked); with onTwilio, the number is then released \
            on the tenant's Twilio account. Releasing a released DID again retries Twilio.""")
    Did release(TenantId tenant, @PathVariable UUID id,
            @Valid @RequestBody(required = false) ReleaseRequest request) {
        return release.release(tenant, id, request != null && Boolean.TRUE.equals(request.onTwilio()));
    }

    @JsonClassDescription("what to buy")
    record PurchaseRequest(
            @Pattern(regexp = "^[2-9][0-9]{2}$", message = "must be a NANP area code such as 415") String areaCode,
            @Pattern(regexp = "^[A-Z]{2}$", message = "must be a two-letter state or province such as CA")
            String region,
            @Pattern(regexp = "^\\+1[2-9][0-9]{9}$", message = "must be a US or Canadian number such as +14155550100")
            String nearNumber,
            @Min(value = 1, message = "must be 1 to 50") @Max(value = 50, message = "must be 1 to 50") Integer count,
            @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Pattern(regexp = DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE) String trunk,
            Boolean dryRun) {

        /** The one search given; a 400 naming the fields when there is none or more than one. */
        NumberCalls.NumberSearch search() {
            int given = (areaCode == null ? 0 : 1) + (region == null ? 0 : 1) + (nearNumber == null ? 0 : 1);
            if (given != 1) {
                throw new FieldRefused("areaCode", "give exactly one of areaCode, region, nearNumber (got " + given
                        + ")");
            }
            return areaCode != null ? new NumberCalls.NumberSearch(NumberCalls.NumberSearch.By.AREA_CODE, areaCode)
                    : region != null ? new NumberCalls.NumberSearch(NumberCalls.NumberSearch.By.REGION, region)
                    : new NumberCalls.NumberSearch(NumberCalls.NumberSearch.By.NEAR_NUMBER, nearNumber);
        }
    }

    @JsonClassDescription("a trunk to sync")
    record TrunkSyncRequest(
            @Pattern(regexp = DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE) String trunk) {
    }

    @JsonClassDescription("a release")
    record ReleaseRequest(Boolean onTwilio) {
    }
}
