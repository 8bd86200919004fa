package io.didpool.did;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.didpool.api.DomainException;
import io.didpool.api.UnknownFieldsException;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
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

@RestController
@RequestMapping("/api/asterisk-dids")
@Tag(name = "DIDs", description = "the tenant's phone numbers: find, change one or many, CSV in and out")
class DidController {

    static final String CSV = "text/csv";

    private final DidService dids;
    private final Validator validator;

    DidController(DidService dids, Validator validator) {
        this.dids = dids;
        this.validator = validator;
    }

    @GetMapping
    @Operation(summary = "List DIDs: filter, search, sort, page", description = """
            `q` finds part of the number or of the friendly name (case-insensitive; "(415) 555" also matches the \
            number's digits). `areaCode`, `region` and `numberPrefix` find DIDs by geography exactly (`q=212` also \
            finds +19175552120). `sort` is number, usageCount, lastUsedAt or createdAt, optionally `,desc`; ties go by \
            number, so paging is stable. A query parameter not listed here is refused (400).""")
    DidService.DidPage list(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.STATUS, message = DidRules.STATUS_MESSAGE) String status,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE) String trunk,
            @RequestParam(required = false) @Size(max = 64) String q,
            @RequestParam(required = false) Boolean neverUsed,
            @RequestParam(required = false) @Parameter(description = AREA_CODE_PARAM, example = "212,718")
            String areaCode,
            @RequestParam(required = false) @Parameter(description = REGION_PARAM, example = "NY") String region,
            @RequestParam(required = false) @Parameter(description = PREFIX_PARAM, example = "+1212")
            String numberPrefix,
            @RequestParam(required = false) @Parameter(description = DidSort.FIELDS + ", optionally ,desc")
            String sort,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return dids.list(tenant, DidFilter.of(segment, status, trunk, q, neverUsed, areaCode, region, numberPrefix),
                DidSort.parse(sort), page, size);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "409", description = "the number is a DID of the tenant already")
    @Operation(summary = "Create a DID", description = "status defaults to active, trunk to TWILIO; 409 when the"
            + " number is a DID of the tenant already")
    Did create(TenantId tenant, @Valid @RequestBody DidRequests.CreateDid request) {
        return dids.create(tenant, request);
    }

    @GetMapping("/{id}")
    @Operation(description = "The DID with its caller-ID fields (area code, region, calls in the last hour and day,"
            + " answer rate, rest); another tenant's id answers 404.",
            summary = "Get a DID")
    Did get(TenantId tenant, @PathVariable UUID id) {
        return dids.get(tenant, id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a DID's segment, trunk, status or friendly name",
            description = "Only the fields given change; \"segment\": null clears the segment.")
    Did update(TenantId tenant, @PathVariable UUID id, @RequestBody Map<String, Object> body) {
        return dids.update(tenant, id, partialUpdate(body, DidRequests.UpdateDid.FIELDS, "a DID update"));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(description = "Removes the DID from the pool at once; recorded in the audit trail.",
            summary = "Delete a DID")
    void delete(TenantId tenant, @PathVariable UUID id) {
        dids.delete(tenant, id);
    }

    @PostMapping("/bulk")
    @ApiResponse(responseCode = "200", description = "how many DIDs matched and changed")
    @ApiResponse(responseCode = "422", description = "the trunk set is not open to the tenant")
    @Operation(summary = "Change every DID a filter matches, in one transaction", description = """
            The filter takes the list's filters (segment, status, trunk, q, neverUsed, region, numberPrefix, and \
            areaCode as a list: `"areaCode":["212","718"]`) and/or `ids` or `numbers` \
            (all must hold; an empty filter matches every DID of the tenant). A filter's `"segment": null` matches \
            the DIDs without a segment; null for any other filter field is refused (400), never read as "any". \
            `set` takes segment (null clears it), status and/or trunk. `dryRun` changes nothing and says how many \
            would change.""")
    DidService.BulkResult bulk(TenantId tenant, @Valid @RequestBody BulkRequest request) {
        DidRequests.UpdateDid set = partialUpdate(request.set(), BULK_FIELDS, "a bulk change's set");
        return dids.bulk(tenant, request.filter().toFilter(), set, Boolean.TRUE.equals(request.dryRun()));
    }

    @GetMapping("/export")
    @Operation(summary = "Export the DIDs the list's filters match, as CSV", description = """
            Streamed, in the list's order: `number,segment,trunk,status,friendlyName,usageCount,lastUsedAt` \
            (RFC 4180). A friendly name or trunk starting with =, +, -, @ (which a spreadsheet would run as a \
            formula) or ' is written with one more ' in front; the import takes exactly that ' off again.""")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the DIDs as CSV",
            content = @Content(mediaType = CSV, schema = @Schema(type = "string")))
    void export(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.STATUS, message = DidRules.STATUS_MESSAGE) String status,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE) String trunk,
            @RequestParam(required = false) @Size(max = 64) String q,
            @RequestParam(required = false) Boolean neverUsed,
            @RequestParam(required = false) @Parameter(description = AREA_CODE_PARAM, example = "212,718")
            String areaCode,
            @RequestParam(required = false) @Parameter(description = REGION_PARAM, example = "NY") String region,
            @RequestParam(required = false) @Parameter(description = PREFIX_PARAM, example = "+1212")
            String numberPrefix,
            @RequestParam(required = false) String sort,
            HttpServletResponse response) throws IOException {
        DidFilter filter = DidFilter.of(segment, status, trunk, q, neverUsed, areaCode, region, numberPrefix);
        DidSort order = DidSort.parse(sort);
        response.setContentType(CSV + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"dids.csv\"");
        dids.export(tenant, filter, order, response.getWriter());
    }

    @PostMapping(path = "/import/csv", consumes = {CSV, "text/plain"})
    @Operation(summary = "Import DIDs from CSV (number, segment, trunk, status, friendlyName)", description = """
            The header line names the columns: number is required, the others optional (usageCount and lastUsedAt, \
            as exported, are ignored; any other column is refused). New numbers become DIDs (status active and \
            trunk TWILIO unless given); existing ones get the row's values: an empty segment or friendlyName \
            clears it, an empty trunk or status keeps it. UTF-8, whatever charset the Content-Type names; a \
            leading byte order mark is skipped. Invalid rows (a cell not valid UTF-8 among them) are listed in \
            errors with their row number and skipped; the valid rows are written in one transaction. dryRun=true \
            writes nothing.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = CSV, schema = @Schema(type = "string")))
    DidService.CsvImportResult importCsv(TenantId tenant, @RequestParam(defaultValue = "false") boolean dryRun,
            HttpServletRequest request) throws IOException {
        return dids.importCsv(tenant, request.getInputStream(), dryRun);
    }

    /** A partial update of {@code fields}: the fields named change, a null segment clears it. 400 for any other. */
    private DidRequests.UpdateDid partialUpdate(Map<String, Object> body, Collection<String> fields, String what) {
        Set<String> unknown = new TreeSet<>(body.keySet());
        unknown.removeAll(fields);
        if (!unknown.isEmpty()) {
            throw new UnknownFieldsException(unknown, what, fields);
        }
        for (Map.Entry<String, Object> field : body.entrySet()) {
            if (field.getValue() != null && !(field.getValue() instanceof String)) {
                throw new DomainException.InvalidRequest(field.getKey() + ": must be a string or null; got "
                        + (field.getValue() instanceof Number || field.getValue() instanceof Boolean
                                ? field.getValue() : "a list or object"));
            }
        }
        DidRequests.UpdateDid request = new DidRequests.UpdateDid((String) body.get("segment"),
                (String) body.get("trunk"), (String) body.get("status"), (String) body.get("friendlyName"),
                (String) body.get("restingUntil"), body.keySet());
        Set<ConstraintViolation<DidRequests.UpdateDid>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    private static final List<String> BULK_FIELDS = List.of("segment", "status", "trunk");

    @JsonClassDescription("a bulk change")
    record BulkRequest(@NotNull @Valid BulkFilter filter, @NotNull Map<String, Object> set, Boolean dryRun) {
    }

    /**
     * A field left out does not filter; a field sent never widens the change to every DID. {@code "segment":null} (or
     * {@code ""}) keeps the DIDs without a segment. The other fields have no "none" to match (every DID has a status
     * and a trunk), so null or blank is a 400 naming the field. A class with setters, not a record: Jackson calls a
     * setter only for a field that was sent, where a record's constructor gets null for a field left out and for a
     * null sent alike.
     */
    @JsonClassDescription("a bulk change's filter")
    static final class BulkFilter {

        @Pattern(regexp = "^$|" + DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE)
        private String segment;
        @Pattern(regexp = DidRules.STATUS, message = DidRules.STATUS_MESSAGE)
        private String status;
        @Pattern(regexp = DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE)
        private String trunk;
        @Size(max = 64) @Pattern(regexp = NOT_BLANK, message = "must not be blank; leave the field out not to search")
        private String q;
        private Boolean neverUsed;
        @Schema(description = "area codes; a DID of any of them matches", example = "[\"212\",\"718\"]")
        private List<String> areaCode;
        @Schema(description = REGION_PARAM, example = "NY")
        private String region;
        @Schema(description = PREFIX_PARAM, example = "+1212")
        private String numberPrefix;
        @Size(max = MAX_LISTED)
        private List<@NotNull UUID> ids;
        @Size(max = MAX_LISTED)
        private List<@NotNull String> numbers;

        @JsonSetter(nulls = Nulls.SET)
        public void setSegment(String segment) {
            this.segment = segment == null ? DidFilter.NO_SEGMENT : segment;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setStatus(String status) {
            this.status = status;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setTrunk(String trunk) {
            this.trunk = trunk;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setQ(String q) {
            this.q = q;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setNeverUsed(Boolean neverUsed) {
            this.neverUsed = neverUsed;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setAreaCode(List<String> areaCode) {
            this.areaCode = areaCode;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setRegion(String region) {
            this.region = region;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setNumberPrefix(String numberPrefix) {
            this.numberPrefix = numberPrefix;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setIds(List<UUID> ids) {
            this.ids = ids;
        }

        @JsonSetter(nulls = Nulls.FAIL)
        public void setNumbers(List<String> numbers) {
            this.numbers = numbers;
        }

        DidFilter toFilter() {
            return new DidFilter(segment, status, trunk, q, neverUsed, ids, numbers,
                    areaCode == null ? null : DidFilter.areaCodes("filter.areaCode", areaCode),
                    region == null ? null : DidFilter.region("filter.region", region),
                    numberPrefix == null ? null : DidFilter.numberPrefix("filter.numberPrefix", numberPrefix));
        }
    }

    static final String AREA_CODE_PARAM = "NANP area code (three digits); several comma-separated: a DID of any"
            + " of them matches";
    static final String REGION_PARAM = "US state or Canadian province code (NY, ON): the DIDs whose area code is"
            + " there";
    static final String PREFIX_PARAM = "start of the number, E.164 (+ and 1 to 15 digits), e.g. +1212";

    /** Text with something besides white space in it. */
    private static final String NOT_BLANK = "(?s).*\\S.*";

    /** Most ids or numbers one bulk change lists. */
    static final int MAX_LISTED = 50_000;
}
