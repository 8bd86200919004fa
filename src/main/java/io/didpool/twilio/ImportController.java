package io.didpool.twilio;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Twilio", description = "the tenant's Twilio credentials, and importing its numbers")
class ImportController {

    private final ImportService imports;

    ImportController(ImportService imports) {
        this.imports = imports;
    }

    /** The body is optional: no body, or fields left out, import into {@code twilio-main} on trunk {@code TWILIO}. */
    @PostMapping("/api/asterisk-dids/import/twilio")
    @ApiResponse(responseCode = "200", description = "what the import did (or would do, in a dry run)")
    @ApiResponse(responseCode = "404", description = "no Twilio credentials are stored")
    @ApiResponse(responseCode = "409", description = "an import of the tenant is running, or the credentials were stored"
            + " under another DIDPOOL_SECRET_KEY")
    @ApiResponse(responseCode = "502", description = "Twilio failed; the pages read before are saved")
    @Operation(summary = "Import (or re-sync) every number of the tenant's Twilio account as DIDs", description = """
            mode UPDATE_SEGMENTS (default): every number gets the segment and trunk given; NEW_ONLY: new numbers             get them, existing DIDs keep theirs (Twilio's metadata is refreshed either way). `missing` lists the             DIDs imported from this account earlier that it no longer lists; releaseMissing marks them released.             Two imports of one tenant never run at once (409).""")
    ImportResult importTwilio(TenantId tenant, @Valid @RequestBody(required = false) ImportRequest request) {
        ImportRequest body = request == null ? new ImportRequest(null, null, null, null, null) : request;
        return imports.importNumbers(tenant, new ImportService.Options(
                body.segment() == null ? ImportService.DEFAULT_SEGMENT : body.segment(),
                body.trunk() == null ? DidRules.DEFAULT_TRUNK : body.trunk(),
                ImportService.NEW_ONLY.equals(body.mode()),
                Boolean.TRUE.equals(body.releaseMissing()),
                Boolean.TRUE.equals(body.dryRun())));
    }

    @JsonClassDescription("a Twilio import")
    record ImportRequest(
            @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Pattern(regexp = DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE) String trunk,
            Boolean dryRun,
            @Pattern(regexp = "UPDATE_SEGMENTS|NEW_ONLY", message = "must be UPDATE_SEGMENTS or NEW_ONLY") String mode,
            Boolean releaseMissing) {
    }
}
