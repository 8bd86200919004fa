package io.didpool.operations;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * What each query and path parameter of the API means, in one table, for those the controllers leave undescribed (a
 * {@code @Parameter(description)} on a controller wins): a path variable by the resource it names (the path segment
 * before it), a query parameter by its operation's path and name, else by its name alone where the name means the
 * same thing everywhere (page, size, dryRun…). A parameter it does not know stays undescribed, and
 * {@code OpenApiDocumentationTest} names it.
 */
@Component
class OpenApiParameters implements OpenApiCustomizer {

    /** A path variable, by the path segment before it. */
    private static final Map<String, String> PATH_VARIABLES = Map.ofEntries(
            Map.entry("asterisk-dids", "the DID's id (a UUID)"),
            Map.entry("journeys", "the journey's id (a UUID)"),
            Map.entry("campaigns", "the campaign's id (a UUID)"),
            Map.entry("tenants", "the tenant's id (a UUID)"),
            Map.entry("keys", "the API key's id (a UUID)"),
            Map.entry("nodes", "the node's id within the journey (a UUID)"),
            Map.entry("executions", "the execution's id (a UUID)"),
            Map.entry("segments", "the segment's name: 1 to 63 lowercase letters, digits, '.', '_' or '-', starting"
                    + " with a letter or digit, e.g. ny-metro"),
            Map.entry("trunks", "the trunk's name, the Asterisk PJSIP endpoint: 1 to 64 letters, digits, '_' or '-',"
                    + " e.g. TWILIO"),
            Map.entry("suppression", "the suppressed number, E.164, e.g. +14155550100 (the + written %2B)"),
            Map.entry("audit", "the audit entry's id (entryId)"));

    /** A query parameter whose meaning depends on its operation, by "path name". */
    private static final Map<String, String> BY_PATH = Map.ofEntries(
            Map.entry("/api/asterisk-dids/next-available-by-segment segment", "the segment to choose from first;"
                    + " none: all the tenant's selectable DIDs"),
            Map.entry("/api/asterisk-dids/next-available-by-segment destination", "the number the call would"
                    + " dial, E.164: the segment's policy (sticky, local presence) chooses by it"),
            Map.entry("/api/asterisk-dids/next-available-by-segment fallbackSegments", "segments tried after"
                    + " segment, in order (repeat the parameter for each, at most 10)"),
            Map.entry("/api/asterisk-dids/usage segment", "one segment only (404 when the tenant has none of that"
                    + " name); none: every segment"),
            Map.entry("/api/asterisk-dids/usage/reset segment", "reset this segment's DIDs only (404 when the"
                    + " tenant has none of that name; empty is refused); none: every DID of the tenant"),
            Map.entry("/api/asterisk-dids/usage/histogram segment", "one segment only; none: every segment"),
            Map.entry("/api/asterisk-dids/usage/histogram buckets", "most bars per segment, 1 to 500 (default 50)"),
            Map.entry("/api/journeys segment", "keeps the journeys with a node naming this segment"),
            Map.entry("/api/journeys didId", "keeps the journeys with a node naming this DID (its id)"),
            Map.entry("/api/journeys/{id} cancelExecutions", "true: cancel the journey's queued and running"
                    + " executions and campaigns first (calls in progress finish); false (default): 409 while there"
                    + " are any"),
            Map.entry("/api/journeys/{id}/executions status", "keeps the executions in this status: QUEUED, RUNNING,"
                    + " COMPLETED, FAILED, CANCELLED or SUPPRESSED"),
            Map.entry("/api/campaigns/{id}/executions status", "keeps the executions in this status: QUEUED,"
                    + " RUNNING, COMPLETED, FAILED, CANCELLED or SUPPRESSED"),
            Map.entry("/api/asterisk-dids/import/csv dryRun", "true: check every row and say what would change,"
                    + " changing nothing"),
            Map.entry("/api/audit entity", "keeps the changes of one kind of thing: did, segment, policy, trunk,"
                    + " journey or key"),
            Map.entry("/api/audit id", "keeps the changes of one thing: its id (a DID's, journey's, key's) or name"
                    + " (a segment's, trunk's)"),
            Map.entry("/api/admin/audit entity", "keeps the changes of one kind of thing: did, segment, policy,"
                    + " trunk, journey or key"),
            Map.entry("/api/admin/audit id", "keeps the changes of one thing: its id or name"),
            Map.entry("/api/admin/audit tenantId", "keeps one tenant's changes; none: every tenant's and the"
                    + " admin's"),
            Map.entry("/api/admin/inbound-calls tenantId", "keeps one tenant's inbound calls; none: every"
                    + " tenant's"),
            Map.entry("/api/suppression q", "part of a suppressed number or of its reason"));

    /** A query parameter that means the same thing wherever it is taken. */
    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("page", "the page, from 0 (default 0)"),
            Map.entry("size", "items per page, 1 to 500 (default 50)"),
            Map.entry("segment", "keeps the items of this segment (its name)"),
            Map.entry("status", "keeps the DIDs in this status: active, available, inactive, quarantined or"
                    + " released"),
            Map.entry("trunk", "keeps the DIDs of this trunk (its name)"),
            Map.entry("q", "part of the number or of the friendly name, case-insensitive (\"(415) 555\" matches"
                    + " the number's digits too)"),
            Map.entry("neverUsed", "true: keeps the DIDs never allocated"),
            Map.entry("sort", "number, usageCount, lastUsedAt or createdAt, optionally followed by ,desc (ties go by"
                    + " number)"),
            Map.entry("dryRun", "true: say what would change, changing nothing"),
            Map.entry("did", "keeps the calls to this DID (its number, E.164)"),
            Map.entry("caller", "keeps the calls from this number (as Asterisk reported it)"),
            Map.entry("decision", "keeps the calls with this decision: CALLBACK, SEGMENT, DEFAULT, NO_ROUTE,"
                    + " UNKNOWN_NUMBER or AMBIGUOUS"),
            Map.entry("executionId", "keeps the callbacks of this execution (its id)"),
            Map.entry("from", "keeps the items at or after this time (ISO-8601, e.g. 2026-12-01T00:00:00Z)"),
            Map.entry("to", "keeps the items before this time (ISO-8601); not before from"));

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> describe(path, operation)));
    }

    /** The method does not change what a parameter means. */
    private static void describe(String path, Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (parameter.getDescription() == null || parameter.getDescription().isBlank()) {
                parameter.setDescription(description(path, parameter));
            }
        }
    }

    private static String description(String path, Parameter parameter) {
        String name = parameter.getName();
        if ("path".equals(parameter.getIn())) {
            String[] segments = path.split("/");
            for (int i = 1; i < segments.length; i++) {
                if (segments[i].equals("{" + name + "}")) {
                    return PATH_VARIABLES.get(segments[i - 1]);
                }
            }
            return null;
        }
        String specific = BY_PATH.get(path + " " + name);
        return specific != null ? specific : BY_NAME.get(name);
    }
}
