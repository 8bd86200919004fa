package io.didpool.suppression;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.DomainException;
import io.didpool.api.PlainText;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
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

/** The tenant's do-not-call list: numbers its journeys and campaigns do not call. */
@RestController
@RequestMapping("/api/suppression")
@Tag(name = "Suppression", description = "the tenant's do-not-call list: numbers never dialled; CSV in and out")
class SuppressionController {

    static final String CSV = "text/csv";

    private final SuppressionService suppression;

    SuppressionController(SuppressionService suppression) {
        this.suppression = suppression;
    }

    @GetMapping
    @Operation(summary = "List suppressed numbers, by number", description = """
            `q` finds part of the number or of the reason (case-insensitive). An entry whose expiresAt has passed \
            no longer suppresses (`"active":false`) and stays listed until removed or replaced.""")
    SuppressionService.Page list(TenantId tenant, @RequestParam(required = false) @Size(max = 64) String q,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return suppression.list(tenant, q, page, size);
    }

    @PutMapping("/{number}")
    @Operation(summary = "Suppress a number (or change its entry's reason and expiry)", description = """
            From now on the number is not dialled for the tenant: executions queued for it end SUPPRESSED, and its \
            calls already queued end SUPPRESSED when the dialer reaches them. `expiresAt` (an ISO-8601 instant, or \
            null for never) ends the suppression.""")
    SuppressedNumber put(TenantId tenant,
            @PathVariable @Pattern(regexp = DidRules.NUMBER, message = DidRules.NUMBER_MESSAGE) String number,
            @Valid @RequestBody SuppressRequest request) {
        return suppression.put(tenant, number, request.reason(), request.expiry());
    }

    @DeleteMapping("/{number}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Stop suppressing a number", description = "404 when the number is not on the list.")
    void delete(TenantId tenant,
            @PathVariable @Pattern(regexp = DidRules.NUMBER, message = DidRules.NUMBER_MESSAGE) String number) {
        suppression.delete(tenant, number);
    }

    @GetMapping("/export")
    @Operation(summary = "Export the suppressed numbers as CSV", description = """
            `number,reason,expiresAt` (RFC 4180), by number, expired entries included. A reason starting with =, \
            +, -, @ (which a spreadsheet would run as a formula) or ' is written with one more ' in front; the \
            import takes exactly that ' off again.""")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
            description = "the suppressed numbers as CSV",
            content = @Content(mediaType = CSV, schema = @Schema(type = "string")))
    void export(TenantId tenant, HttpServletResponse response) throws IOException {
        response.setContentType(CSV + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"suppression.csv\"");
        suppression.export(tenant, response.getWriter());
    }

    @PostMapping(path = "/import/csv", consumes = {CSV, "text/plain"})
    @Operation(summary = "Import suppressed numbers from CSV (number, reason, expiresAt)", description = """
            The header line names the columns: number is required, reason and expiresAt optional; any other column \
            is refused. New numbers are added; listed ones get the row's reason and expiry (an empty cell clears \
            it). UTF-8; a leading byte order mark is skipped. Invalid rows (a cell not valid UTF-8 among them) are \
            listed in errors with their row number and skipped; the valid rows are written in one transaction.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = CSV, schema = @Schema(type = "string")))
    SuppressionService.ImportResult importCsv(TenantId tenant, HttpServletRequest request) throws IOException {
        return suppression.importCsv(tenant, request.getInputStream());
    }

    @JsonClassDescription("a do-not-call entry")
    record SuppressRequest(
            @Size(max = SuppressionCsv.MAX_REASON) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE)
            String reason,
            @Size(max = 64) String expiresAt) {

        /** The expiry as an instant: 400 naming the field and the value when it is not ISO-8601. */
        Instant expiry() {
            try {
                return expiresAt == null ? null : OffsetDateTime.parse(expiresAt).toInstant();
            } catch (DateTimeParseException e) {
                throw new DomainException.InvalidRequest("expiresAt: " + DidRules.INSTANT_MESSAGE + "; got \""
                        + expiresAt + "\"");
            }
        }
    }
}
