package io.didpool.audit;

import io.didpool.api.DomainException;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
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
