package io.didpool.campaign;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.http.HttpStatus;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.didpool.api.PlainText;
import io.didpool.callinghours.CallingHoursJson;
import io.didpool.did.DidRules;
import io.didpool.journey.ExecutionService;
import io.didpool.journey.ExecutionStatus;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
@RequestMapping("/api/campaigns")
@Tag(name = "Campaigns", description = "one journey for a list of contacts: progress, pause, resume, cancel")
class CampaignController {

    static final int MAX_CONTACTS = 100_000;

    private final CampaignService campaigns;

    CampaignController(CampaignService campaigns) {
        this.campaigns = campaigns;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "201", description = "the campaign, its contacts queued")
    @ApiResponse(responseCode = "422", description = "the journey is not one of the tenant's")
    @Operation(summary = "Start a campaign: the journey for every contact (a contact twice is called once)",
            description = "Up to 100,000 contacts; one invalid number refuses the whole request with a 400 naming its"
                    + " index (contacts[17].phoneNumber), and nothing is queued. callbackTo (set at creation): where"
                    + " a call back from a number the campaign called goes, winning over its journey's; null or left"
                    + " out: its journey's. recycle (optional): its recycle rules, as PUT /api/campaigns/{id}/recycle"
                    + " takes them.")
    ResponseEntity<Campaign> create(TenantId tenant, @Valid @RequestBody CampaignRequest request) {
        List<RecycleRule> recycle = RecycleRule.of(request.recycle());
        Campaign campaign = campaigns.create(tenant, request.journeyId(), request.name(),
                request.contacts().stream().map(Contact::phoneNumber).toList(), request.callingHours(),
                request.callbackTo(), recycle);
        return ResponseEntity.created(URI.create("/api/campaigns/" + campaign.id())).body(campaign);
    }

    @GetMapping
    @Operation(description = "Each campaign with its status and its contacts counted by where their execution is"
            + " (queued, running, completed, failed, cancelled, waiting, suppressed); paged with page and size.",
            summary = "The tenant's campaigns with their progress counts, newest first")
    CampaignService.CampaignPage list(TenantId tenant, @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return campaigns.list(tenant, page, size);
    }

    @GetMapping("/{id}")
    @Operation(description = "The campaign's status (RUNNING, PAUSED, CANCELLED, DONE) and its executions counted"
            + " by status; another tenant's id answers 404.",
            summary = "A campaign: status and its executions counted by status")
    Campaign get(TenantId tenant, @PathVariable UUID id) {
        return campaigns.get(tenant, id);
    }

    @PostMapping("/{id}/pause")
    @ApiResponse(responseCode = "200", description = "the campaign")
    @ApiResponse(responseCode = "409", description = "the campaign can no longer be paused")
    @Operation(description = "No new call of the campaign starts until it is resumed; calls in progress finish and"
            + " are recorded. 409 when the campaign is cancelled or done.",
            summary = "Pause a campaign: no new call starts; calls in progress finish")
    Campaign pause(TenantId tenant, @PathVariable UUID id) {
        return campaigns.pause(tenant, id);
    }

    @PostMapping("/{id}/resume")
    @ApiResponse(responseCode = "200", description = "the campaign")
    @ApiResponse(responseCode = "409", description = "the campaign is not paused")
    @Operation(description = "Its queued executions are dialled again, at the pace of their trunks. 409 when the"
            + " campaign is cancelled or done.",
            summary = "Resume a paused campaign")
    Campaign resume(TenantId tenant, @PathVariable UUID id) {
        return campaigns.resume(tenant, id);
    }

    @PostMapping("/{id}/cancel")
    @ApiResponse(responseCode = "200", description = "the campaign")
    @ApiResponse(responseCode = "409", description = "the campaign can no longer be cancelled")
    @Operation(description = "Every queued execution becomes CANCELLED and is never dialled; calls in progress"
            + " finish and are recorded. 409 when the campaign is done.",
            summary = "Cancel a campaign: its queued executions become CANCELLED; calls in progress finish")
    Campaign cancel(TenantId tenant, @PathVariable UUID id) {
        return campaigns.cancel(tenant, id);
    }

    @PutMapping("/{id}/recycle")
    @ApiResponse(responseCode = "200", description = "the campaign, with its rules")
    @ApiResponse(responseCode = "409", description = "the campaign is cancelled or done")
    @Operation(summary = "Set a campaign's recycle rules (audited)", description = """
            Body {"recycle":[{"outcome":"NO_ANSWER","afterMinutes":60,"maxAttempts":3}]}: a contact whose call \
            ended with the outcome (NO_ANSWER or BUSY, one rule each) is called again afterMinutes (1 to 10080) \
            later, as a new step of the same execution, through the dial queue like any call (pause, pace, cap, \
            calling hours, attempt limit), until it has had maxAttempts (2 to 10) calls for that node, the first \
            included. An empty list removes the rules. They apply to calls that end from now on.""")
    Campaign recycle(TenantId tenant, @PathVariable UUID id, @Valid @RequestBody RecycleRequest request) {
        return campaigns.recycle(tenant, id, RecycleRule.of(request.recycle()));
    }

    @GetMapping("/{id}/dids")
    @Operation(summary = "The DIDs a campaign's calls were placed from", description = """
            {"items":[{"did","calls","answered","answerRate"}]}, most calls first: did is the DID's number; calls \
            counts the campaign's calls placed from it (in progress included), answered those answered, answerRate \
            the share answered of those that rang (answered, no answer, busy, failed; null before the first).""")
    CampaignService.DidUsage dids(TenantId tenant, @PathVariable UUID id) {
        return campaigns.dids(tenant, id);
    }

    @GetMapping("/{id}/executions")
    @Operation(description = "Each execution with its contact and steps (DID, segment, match, outcome, attempts),"
            + " oldest first; status keeps only executions in that status.",
            summary = "A campaign's executions with their steps, oldest first; status keeps those in it")
    ExecutionService.ExecutionPage executions(TenantId tenant, @PathVariable UUID id,
            @RequestParam(required = false) ExecutionStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return campaigns.executions(tenant, id, status, page, size);
    }

    record CampaignRequest(
            @NotNull UUID journeyId,
            @NotBlank @Size(max = 255) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE) String name,
            @NotEmpty @Size(max = MAX_CONTACTS, message = "at most 100,000 contacts in one campaign")
            List<@NotNull @Valid Contact> contacts,
            /** The campaign's own calling hours, replacing its journey's; null or left out: its journey's. */
            CallingHoursJson callingHours,
            /** Its own callback route, checked by the service (whose refusal quotes the value); null: none. */
            @Schema(nullable = true, pattern = DidRules.ROUTE, example = "PJSIP/reception",
                    description = "where a call back from a number the campaign called goes: a number such as"
                            + " +14155550100 (forwarded over the DID's trunk) or PJSIP/<endpoint>; null: its"
                            + " journey's")
            String callbackTo,
            /** Its recycle rules, checked by RecycleRule.of (whose refusals quote the value); null: none. */
            List<RecycleRule.Json> recycle) {
    }

    @JsonClassDescription("a campaign's recycle rules")
    record RecycleRequest(@NotNull List<RecycleRule.Json> recycle) {
    }

    record Contact(@NotNull @Pattern(regexp = DidRules.NUMBER, message = "must be an E.164 number such as +14155550100")
            String phoneNumber) {
    }
}
