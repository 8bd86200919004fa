package io.didpool.tenant;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: authenticated with the admin token by {@link ApiKeyAuthenticationFilter}. */
@RestController
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @PostMapping("/api/admin/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    TenantService.CreatedTenant create(@Valid @RequestBody CreateTenantRequest request) {
        return tenants.create(request.name());
    }

    @JsonClassDescription("a new tenant")
    record CreateTenantRequest(
            @NotBlank @Size(max = 255) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE) String name) {
    }
}
