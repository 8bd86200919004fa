package io.didpool.operations;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Real examples of the request bodies that are hard to guess from their schema alone: the bulk change's filter, a
 * caller-ID policy, a campaign, a CSV import. Each is a request the API takes as it is (OpenApiDocumentationTest
 * checks they are there).
 */
@Component
class OpenApiExamples implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        add(openApi, "/api/asterisk-dids/bulk", PathItem::getPost, "application/json", Map.of(
                "move", example("Move the active DIDs of twilio-main with 415 in them to twilio-backup", ordered(
                        "filter", ordered("segment", "twilio-main", "status", "active", "q", "415"),
                        "set", ordered("segment", "twilio-backup"),
                        "dryRun", false)),
                "quarantine", example("Quarantine three numbers, first counting how many would change", ordered(
                        "filter", ordered("numbers", List.of("+14155550100", "+14155550101", "+12125550199")),
                        "set", ordered("status", "quarantined"),
                        "dryRun", true))));
        add(openApi, "/api/asterisk-dids/segments/{segment}/policy", PathItem::getPut, "application/json", Map.of(
                "localPresence", example("Local numbers first, over the fallback segments too; at most 20 calls an"
                        + " hour and 100 a day per DID; the same DID again for 7 days; rest a DID answered below 15 %",
                        ordered("localPresence", true, "localPresenceAcrossFallbacks", true,
                                "maxCallsPerHour", 20, "maxCallsPerDay", 100, "stickyDays", 7,
                                "restBelowAnswerRate", 0.15, "healthWindowCalls", 50, "restHours", 24))));
        add(openApi, "/api/campaigns", PathItem::getPost, "application/json", Map.of(
                "campaign", example("Run a journey for three contacts", ordered(
                        "journeyId", "3f2b8c1e-0d4a-4c7e-9b1a-2f6d8e0c5a71",
                        "name", "december-renewals",
                        "contacts", List.of(Map.of("phoneNumber", "+14155550123"),
                                Map.of("phoneNumber", "+12125550187"), Map.of("phoneNumber", "+13125550142"))))));
        add(openApi, "/api/asterisk-dids/import/csv", PathItem::getPost, "text/csv", Map.of(
                "csv", example("number is required, the other columns optional: an empty trunk or status takes the"
                        + " default (TWILIO, active) for a new number and keeps an existing DID's", """
                        number,segment,trunk,status,friendlyName
                        +14155550100,twilio-main,TWILIO,active,(415) 555-0100
                        +14155550101,twilio-main,TWILIO,available,
                        +12125550199,ny-metro,,,Manhattan sales
                        """)));
    }

    private static void add(OpenAPI openApi, String path, Function<PathItem, Operation> method, String mediaType,
            Map<String, Example> examples) {
        Optional.ofNullable(openApi.getPaths()).map(paths -> paths.get(path)).map(method)
                .map(Operation::getRequestBody)
                .map(body -> body.getContent() == null ? null : body.getContent().get(mediaType))
                .ifPresent(media -> examples.forEach(media::addExamples));
    }

    private static Example example(String summary, Object value) {
        return new Example().summary(summary).value(value);
    }

    /** A JSON object whose keys keep the order given. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
