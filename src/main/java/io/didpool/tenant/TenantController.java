package io.didpool.tenant;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: authenticated with the admin token by {@link ApiKeyAuthenticationFilter}. */
@RestController
@RequestMapping("/api/admin/tenants")
@Tag(name = "Tenants and keys (admin)", description = "tenants and their API keys; the admin token only")
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "409", description = "a tenant has that name already")
    @Operation(description = "Admin token only. The API key is in the answer this once and stored hashed; tenant"
            + " names are unique (409).",
            summary = "Create a tenant and its first API key (named default), shown this once")
    TenantService.CreatedTenant create(@Valid @RequestBody CreateTenantRequest request) {
        return tenants.create(request.name());
    }

    @GetMapping
    @Operation(description = "Admin token only: every tenant's id, name and creation time, never a key.",
            summary = "List the tenants, by name")
    TenantList list() {
        return new TenantList(tenants.list());
    }

    @PostMapping("/{id}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "409", description = "a key of the tenant in use has that name")
    @Operation(summary = "Create an API key of the tenant; its secret is shown this once and stored hashed",
            description = "A read-only key may only GET; anything else answers 403.")
    TenantService.CreatedKey createKey(@PathVariable UUID id, @Valid @RequestBody CreateKeyRequest request) {
        return tenants.createKey(id, request.name(), Boolean.TRUE.equals(request.readOnly()));
    }

    @GetMapping("/{id}/keys")
    @Operation(description = "Admin token only: each key's id, name, read-only flag and whether it is revoked; the"
            + " secrets are never shown again.",
            summary = "List the tenant's API keys, in use and revoked, without their secrets")
    KeyList keys(@PathVariable UUID id) {
        return new KeyList(tenants.keys(id));
    }

    @DeleteMapping("/{id}/keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(description = "Admin token only. The key answers 401 from its next request on; the tenant's other"
            + " keys are untouched.",
            summary = "Revoke an API key: its next request answers 401")
    void revokeKey(@PathVariable UUID id, @PathVariable UUID keyId) {
        tenants.revokeKey(id, keyId);
    }

    @JsonClassDescription("a new tenant")
    record CreateTenantRequest(
            @NotBlank @Size(max = 255) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE) String name) {
    }

    @JsonClassDescription("a new API key")
    record CreateKeyRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE) String name,
            Boolean readOnly) {
    }

    record TenantList(List<TenantRepository.Tenant> items) {
    }

    record KeyList(List<TenantService.KeyView> items) {
    }
}
