package io.didpool.inbound;

import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The inbound calls didpool was asked about, newest first. The filters are taken as text so that a refusal quotes the
 * value it refuses ({@link InboundCallFilter}).
 */
@RestController
@Tag(name = "Inbound calls", description = "every call to a DID that didpool routed or refused, with its decision")
class InboundCallsController {

    private static final String FILTERS = """
            `did` (E.164) and `caller` match exactly, `segment` the DID's segment at the time of the call, \
            `decision` one of CALLBACK, SEGMENT, DEFAULT, NO_ROUTE, UNKNOWN_NUMBER, AMBIGUOUS, FALLBACK, \
            `executionId` the execution a callback answers; `from` (inclusive) and `to` (exclusive) are ISO-8601 \
            times with a zone. A bad value is a 400 naming the parameter and quoting the value.""";

    private final InboundCallsService calls;

    InboundCallsController(InboundCallsService calls) {
        this.calls = calls;
    }

    @GetMapping("/api/inbound-calls")
    @Operation(summary = "The tenant's inbound calls, newest first", description = """
            The calls to the tenant's DIDs. A call to a number that is no tenant's DID (UNKNOWN_NUMBER) or several \
            tenants' (AMBIGUOUS), or one didpool could not decide in time (FALLBACK), is no tenant's: only the \
            admin sees it (GET /api/admin/inbound-calls). """ + FILTERS)
    InboundCallsService.Page tenant(TenantId tenant,
            @RequestParam(required = false) @Parameter(example = "+14155550100") String did,
            @RequestParam(required = false) String segment,
            @RequestParam(required = false) String caller,
            @RequestParam(required = false) @Parameter(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    implementation = InboundDecision.class)) String decision,
            @RequestParam(required = false) @Parameter(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    type = "string", format = "uuid")) String executionId,
            @RequestParam(required = false) @Parameter(example = "2026-12-01T00:00:00Z") String from,
            @RequestParam(required = false) @Parameter(example = "2026-12-02T00:00:00Z") String to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return calls.ofTenant(tenant, InboundCallFilter.of(did, segment, caller, decision, executionId, from, to),
                page, size);
    }

    @GetMapping("/api/admin/inbound-calls")
    @Operation(summary = "Every inbound call, those of no tenant included, newest first",
            description = "`tenantId` narrows it to one tenant. " + FILTERS)
    InboundCallsService.AdminPage everyone(
            @RequestParam(required = false) UUID tenantId,
            @RequestParam(required = false) String did,
            @RequestParam(required = false) String segment,
            @RequestParam(required = false) String caller,
            @RequestParam(required = false) @Parameter(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    implementation = InboundDecision.class)) String decision,
            @RequestParam(required = false) @Parameter(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    type = "string", format = "uuid")) String executionId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return calls.ofEveryone(tenantId, InboundCallFilter.of(did, segment, caller, decision, executionId, from, to),
                page, size);
    }
}
