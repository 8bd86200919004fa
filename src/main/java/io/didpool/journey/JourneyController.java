package io.didpool.journey;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
@RequestMapping("/api/journeys")
@Tag(name = "Journeys", description = "call journeys and their executions")
class JourneyController {

    private final JourneyService journeys;
    private final ExecutionService executions;

    JourneyController(JourneyService journeys, ExecutionService executions) {
        this.journeys = journeys;
        this.executions = executions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(description = "Nodes run in order; a MAKE_CALL node takes its DID by didId, else the next of"
            + " didSegment (then of fallbackSegments), else the next of the tenant. A DID or segment the tenant"
            + " does not have is a 422 naming the node.",
            summary = "Create a journey; every DID and segment its nodes name must be the tenant's")
    @ApiResponse(responseCode = "422", description = "a node names a DID or segment the tenant does not have")
    ResponseEntity<Journey> create(TenantId tenant, @Valid @RequestBody JourneyRequests.JourneyRequest request) {
        Journey journey = journeys.create(tenant, request);
        return ResponseEntity.created(URI.create("/api/journeys/" + journey.id())).body(journey);
    }

    /** The tenant's journeys; {@code segment} or {@code didId} keep the journeys with a node that names it. */
    @GetMapping
    @Operation(description = "Paged with page and size, by name. segment or didId keeps the journeys with a node"
            + " naming that segment or DID.",
            summary = "List the tenant's journeys; segment or didId keep those with a node naming it")
    JourneyService.JourneyPage list(TenantId tenant,
            @RequestParam(required = false) @Pattern(regexp = "^$|" + DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @RequestParam(required = false) UUID didId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        String bySegment = segment == null || segment.isBlank() ? null : segment;
        return journeys.list(tenant, new JourneyRepository.JourneyFilter(bySegment, didId), page, size);
    }

    @GetMapping("/{id}")
    @Operation(description = "The journey with its nodes and their configs; another tenant's id answers 404.",
            summary = "Get a journey")
    Journey get(TenantId tenant, @PathVariable UUID id) {
        return journeys.get(tenant, id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a journey's name, nodes and calling hours (a node keeps its id when sent with it)",
            description = "callingHours null or left out: the journey has its tenant's calling hours.")
    @ApiResponse(responseCode = "200", description = "the journey as saved")
    @ApiResponse(responseCode = "422", description = "a node names a DID or segment the tenant does not have")
    Journey update(TenantId tenant, @PathVariable UUID id, @Valid @RequestBody JourneyRequests.JourneyRequest request) {
        return journeys.update(tenant, id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a journey; its campaigns and executions stay readable",
            description = "Refused (409, naming them) while any of its executions is queued or running, unless"
                    + " cancelExecutions=true: they are then cancelled first, as a campaign's cancel does (calls in"
                    + " progress finish and are recorded).")
    @ApiResponse(responseCode = "409", description = "executions of the journey are queued or running")
    void delete(TenantId tenant, @PathVariable UUID id,
            @RequestParam(defaultValue = "false") boolean cancelExecutions) {
        journeys.delete(tenant, id, cancelExecutions);
    }

    @PutMapping("/{id}/nodes/{nodeId}")
    @Operation(description = "Replaces the node's type and config; its references are checked as on create (422).",
            summary = "Change one node of a journey")
    @ApiResponse(responseCode = "200", description = "the node as saved")
    @ApiResponse(responseCode = "422", description = "the node names a DID or segment the tenant does not have")
    Journey.Node updateNode(TenantId tenant, @PathVariable UUID id, @PathVariable UUID nodeId,
            @Valid @RequestBody JourneyRequests.NodeRequest request) {
        return journeys.updateNode(tenant, id, nodeId, request);
    }

    @PostMapping("/{id}/executions")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(description = "202 with the execution's id: it is queued in the database and dialled by a worker of"
            + " any instance, within the contact's calling hours and the tenant's limits.",
            summary = "Run the journey for a contact: queued durably, run by a worker")
    ResponseEntity<ExecutionService.Queued> execute(TenantId tenant, @PathVariable UUID id,
            @Valid @RequestBody JourneyRequests.ExecutionRequest request) {
        ExecutionService.Queued queued = executions.queue(tenant, id, request.contact().phoneNumber());
        return ResponseEntity.accepted()
                .location(URI.create("/api/journeys/" + id + "/executions/" + queued.id()))
                .body(queued);
    }

    /** The journey's executions, oldest first; {@code status} keeps those in that status. */
    @GetMapping("/{id}/executions")
    @Operation(description = "Paged, oldest first; status keeps only executions in that status (QUEUED, RUNNING,"
            + " COMPLETED, FAILED, CANCELLED, SUPPRESSED).",
            summary = "The journey's executions with their steps, oldest first; status keeps those in it")
    ExecutionService.ExecutionPage executions(TenantId tenant, @PathVariable UUID id,
            @RequestParam(required = false) ExecutionStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        journeys.get(tenant, id);
        return executions.list(tenant, id, null, status, page, size);
    }

    @GetMapping("/{id}/executions/{executionId}")
    @Operation(description = "Each step's DID, how it was selected (selectedBy, segment, match), the destination,"
            + " channel, attempts, outcome and error, and the waits.",
            summary = "An execution and its steps: the DID each call used, and its outcome")
    Execution execution(TenantId tenant, @PathVariable UUID id, @PathVariable UUID executionId) {
        return executions.get(tenant, id, executionId);
    }
}
