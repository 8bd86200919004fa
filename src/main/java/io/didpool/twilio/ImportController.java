package io.didpool.twilio;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ImportController {

    private final ImportService imports;

    ImportController(ImportService imports) {
        this.imports = imports;
    }

    /** The body is optional: no body, or fields left out, import into {@code twilio-main} on trunk {@code TWILIO}. */
    @PostMapping("/api/asterisk-dids/import/twilio")
    ImportResult importTwilio(TenantId tenant, @Valid @RequestBody(required = false) ImportRequest request) {
        ImportRequest body = request == null ? new ImportRequest(null, null, null) : request;
        return imports.importNumbers(tenant,
                body.segment() == null ? ImportService.DEFAULT_SEGMENT : body.segment(),
                body.trunk() == null ? DidRules.DEFAULT_TRUNK : body.trunk(),
                Boolean.TRUE.equals(body.dryRun()));
    }

    @JsonClassDescription("a Twilio import")
    record ImportRequest(
            @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Pattern(regexp = DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE) String trunk,
            Boolean dryRun) {
    }
}
