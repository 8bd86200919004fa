package io.didpool.twilio;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: how many numbers a tenant may buy at Twilio per rolling 24 hours. */
@RestController
@Tag(name = "Tenants and keys (admin)")
class PurchaseLimitsController {

    private final PurchaseLimits limits;

    PurchaseLimitsController(PurchaseLimits limits) {
        this.limits = limits;
    }

    @GetMapping("/api/admin/tenants/{id}/twilio-limits")
    @Operation(summary = "A tenant's Twilio purchase limit and how many numbers it bought in the last 24 hours",
            description = "purchasesPerDay (0 until the admin sets one: a tenant buys nothing by default) and "
                    + "boughtLast24Hours, the numbers bought in the rolling 24 hours the limit counts. 404 for an "
                    + "unknown tenant.")
    PurchaseLimits.Limits get(@PathVariable UUID id) {
        return limits.show(id);
    }

    @PutMapping("/api/admin/tenants/{id}/twilio-limits")
    @Operation(summary = "Set how many numbers the tenant may buy in any 24 hours (0, the default: none)",
            description = "purchasesPerDay from 0 to 1000. POST /api/twilio/numbers/purchase refuses (409) a purchase "
                    + "that would take the numbers bought in the last 24 hours past it; a sale Twilio refused is "
                    + "not counted. Audited.")
    PurchaseLimits.Limits put(@PathVariable UUID id, @Valid @RequestBody LimitsRequest request) {
        return limits.set(id, request.purchasesPerDay());
    }

    @JsonClassDescription("a tenant's Twilio limits")
    record LimitsRequest(
            @NotNull(message = "is required")
            @Min(value = 0, message = "must be 0 to 1000") @Max(value = 1000, message = "must be 0 to 1000")
            Integer purchasesPerDay) {
    }
}
