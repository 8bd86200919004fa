package io.didpool.campaign;

import io.didpool.api.PlainText;
import io.didpool.did.DidRules;
import io.didpool.journey.ExecutionService;
import io.didpool.journey.ExecutionStatus;
import io.didpool.tenant.TenantId;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/campaigns")
class CampaignController {

    static final int MAX_CONTACTS = 100_000;

    private final CampaignService campaigns;

    CampaignController(CampaignService campaigns) {
        this.campaigns = campaigns;
    }

    @PostMapping
    ResponseEntity<Campaign> create(TenantId tenant, @Valid @RequestBody CampaignRequest request) {
        Campaign campaign = campaigns.create(tenant, request.journeyId(), request.name(),
                request.contacts().stream().map(Contact::phoneNumber).toList());
        return ResponseEntity.created(URI.create("/api/campaigns/" + campaign.id())).body(campaign);
    }

    @GetMapping
    CampaignService.CampaignPage list(TenantId tenant, @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return campaigns.list(tenant, page, size);
    }

    @GetMapping("/{id}")
    Campaign get(TenantId tenant, @PathVariable UUID id) {
        return campaigns.get(tenant, id);
    }

    @PostMapping("/{id}/pause")
    Campaign pause(TenantId tenant, @PathVariable UUID id) {
        return campaigns.pause(tenant, id);
    }

    @PostMapping("/{id}/resume")
    Campaign resume(TenantId tenant, @PathVariable UUID id) {
        return campaigns.resume(tenant, id);
    }

    @PostMapping("/{id}/cancel")
    Campaign cancel(TenantId tenant, @PathVariable UUID id) {
        return campaigns.cancel(tenant, id);
    }

    @GetMapping("/{id}/executions")
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
            List<@NotNull @Valid Contact> contacts) {
    }

    record Contact(@NotNull @Pattern(regexp = DidRules.NUMBER, message = "must be an E.164 number such as +14155550100")
            String phoneNumber) {
    }
}
