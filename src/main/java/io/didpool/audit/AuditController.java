package io.didpool.audit;

import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Arrays;
import java.util.UUID;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit", description = "who changed what, when, through the API or the console")
class AuditController {

    private final AuditService audit;

    AuditController(AuditService audit) {
        this.audit = audit;
    }

    @GetMapping("/api/audit")
    @Operation(summary = "The tenant's audit trail, newest first", description = """
            Every change made with the tenant's keys, or by the admin to the tenant's data (its keys). \
            `entity` and `id` narrow it to one kind of thing or one thing (a DID's id, a segment's name).""")
    AuditService.Page tenant(TenantId tenant,
            @RequestParam(required = false) String entity,
            @RequestParam(required = false) String id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return audit.ofTenant(tenant, entity(entity), blankToNull(id), page, size);
    }

    @GetMapping("/api/admin/audit")
    @Operation(summary = "Every tenant's audit trail and the admin's changes, newest first",
            description = "`tenantId` narrows it to one tenant.")
    AuditService.Page everyone(
            @RequestParam(required = false) UUID tenantId,
            @RequestParam(required = false) String entity,
            @RequestParam(required = false) String id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return audit.ofEveryone(tenantId, entity(entity), blankToNull(id), page, size);
    }

    @PostMapping("/api/audit/{entryId}/undo")
    @ApiResponse(responseCode = "404", description = "no such entry of the tenant")
    @ApiResponse(responseCode = "409", description = "the entry is no bulk change or CSV import, or is undone already")
    @Operation(summary = "Undo a bulk change or a CSV import of DIDs", description = """
            Restores, on each DID the change changed, the fields it changed, and deletes the DIDs a CSV import \
            created. A DID changed since (a field the change set holds something else now), deleted since, or \
            created by the import and allocated since, is skipped with the reason, never overwritten. `dryRun=true` \
            says what would happen and changes nothing. The undo is an audit entry of its own; an entry is undone \
            once. `skipped` lists the first 1,000 skipped DIDs; `matched - reverted` were skipped in all.""")
    Undoing.Outcome undo(TenantId tenant, @PathVariable long entryId,
            @RequestParam(defaultValue = "false") boolean dryRun) {
        return audit.undo(tenant, entryId, dryRun);
    }

    private static AuditEntity entity(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return AuditEntity.of(value).orElseThrow(() -> new DomainException.InvalidRequest("entity: must be one of "
                + String.join(", ", Arrays.stream(AuditEntity.values()).map(AuditEntity::value).toList())
                + "; got " + io.didpool.api.FieldRefused.quoted(value)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
