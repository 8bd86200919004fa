package io.didpool.trunk;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API of trunks: limits for all tenants and instances together, and who may use the trunk. */
@RestController
@RequestMapping("/api/admin/trunks")
@Tag(name = "Trunks (admin)", description = "trunks' limits and the tenants that may use them; the admin token only")
class TrunkAdminController {

    private final TrunkService trunks;
    private final TrunkActivity activity;

    TrunkAdminController(TrunkService trunks, TrunkActivity activity) {
        this.trunks = trunks;
        this.activity = activity;
    }

    @GetMapping
    @Operation(description = "Admin token only: each configured trunk's calls per second, concurrent call cap, the"
            + " tenants that may use it, and its calls in progress and queued now.",
            summary = "The configured trunks: limits, tenants, calls in progress and queued (all tenants)")
    TrunkList list() {
        return new TrunkList(trunks.configured().stream().map(this::view).toList());
    }

    @GetMapping("/{name}")
    @Operation(description = "Admin token only. A trunk never configured answers the defaults: 1 call per second"
            + " (Twilio's), no concurrent cap, every tenant.",
            summary = "A trunk's limits and tenants (the defaults when never configured), its calls now")
    TrunkView get(@PathVariable String name) {
        return view(trunks.get(name));
    }

    @PutMapping("/{name}")
    @ApiResponse(responseCode = "200", description = "the trunk as configured")
    @ApiResponse(responseCode = "422", description = "a tenant listed does not exist")
    @Operation(summary = "Set a trunk's limits and tenants, for every tenant and instance together",
            description = "A field left out takes its default: callsPerSecond 1, no cap, every tenant, no Twilio"
                    + " trunk. twilioTrunkSid (TK…) and twilioTenant (whose stored Twilio credentials reach it) go"
                    + " together.")
    TrunkView configure(@PathVariable String name, @Valid @RequestBody TrunkRequest request) {
        return view(trunks.configure(name, request.callsPerSecond(), request.maxConcurrentCalls(),
                request.tenants(), request.twilioTrunkSid(), request.twilioTenant()));
    }

    private TrunkView view(Trunk trunk) {
        TwilioLink link = trunks.twilioLink(trunk.name()).orElse(null);
        return new TrunkView(trunk.name(), trunk.callsPerSecond(), trunk.maxConcurrentCalls(), trunk.tenants(),
                activity.callsInProgress(trunk.name()), activity.queued(trunk.name()), trunk.configured(),
                link == null ? null : link.trunkSid(),
                link == null || link.tenant() == null ? null : link.tenant().value());
    }

    record TrunkRequest(
            @DecimalMin(value = "0.1", message = "must be at least 0.1 call set-ups per second")
            @DecimalMax(value = "1000", message = "must be at most 1000 call set-ups per second")
            Double callsPerSecond,
            @Min(value = 1, message = "must be at least 1, or null for no cap") Integer maxConcurrentCalls,
            @Size(max = 10_000) List<UUID> tenants,
            @Pattern(regexp = TwilioLink.TRUNK_SID, message = "must be a Twilio Elastic SIP Trunk SID: TK followed by"
                    + " 32 lowercase hex digits") String twilioTrunkSid,
            UUID twilioTenant) {
    }

    record TrunkView(String name, double callsPerSecond, Integer maxConcurrentCalls, List<UUID> tenants,
            long callsInProgress, long queued, boolean configured, String twilioTrunkSid, UUID twilioTenant) {
    }

    record TrunkList(List<TrunkView> items) {
    }
}
