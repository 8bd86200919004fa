package io.didpool.did;

import io.didpool.api.UnknownFieldsException;
import io.didpool.tenant.TenantId;
import io.didpool.api.DomainException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
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
@RequestMapping("/api/asterisk-dids")
class DidController {

    private final DidService dids;
    private final Validator validator;

    DidController(DidService dids, Validator validator) {
        this.dids = dids;
        this.validator = validator;
    }

    @GetMapping
    DidService.DidPage list(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.SEGMENT) String segment,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.STATUS) String status,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.TRUNK) String trunk,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return dids.list(tenant, new DidFilter(blankToNull(segment), blankToNull(status), blankToNull(trunk)),
                page, size);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Did create(TenantId tenant, @Valid @RequestBody DidRequests.CreateDid request) {
        return dids.create(tenant, request);
    }

    @GetMapping("/{id}")
    Did get(TenantId tenant, @PathVariable UUID id) {
        return dids.get(tenant, id);
    }

    @PutMapping("/{id}")
    Did update(TenantId tenant, @PathVariable UUID id, @RequestBody Map<String, Object> body) {
        Set<String> unknown = new TreeSet<>(body.keySet());
        unknown.removeAll(DidRequests.UpdateDid.FIELDS);
        if (!unknown.isEmpty()) {
            throw new UnknownFieldsException(unknown, "a DID update", DidRequests.UpdateDid.FIELDS);
        }
        for (Map.Entry<String, Object> field : body.entrySet()) {
            if (field.getValue() != null && !(field.getValue() instanceof String)) {
                throw new DomainException.InvalidRequest(field.getKey() + ": must be a string or null");
            }
        }
        DidRequests.UpdateDid request = new DidRequests.UpdateDid((String) body.get("segment"),
                (String) body.get("trunk"), (String) body.get("status"), (String) body.get("friendlyName"),
                (String) body.get("restingUntil"), body.keySet());
        Set<ConstraintViolation<DidRequests.UpdateDid>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return dids.update(tenant, id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(TenantId tenant, @PathVariable UUID id) {
        dids.delete(tenant, id);
    }

    @GetMapping("/segments")
    SegmentsResponse segments(TenantId tenant) {
        return new SegmentsResponse(dids.segments(tenant));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    record SegmentsResponse(List<String> segments) {
    }
}
