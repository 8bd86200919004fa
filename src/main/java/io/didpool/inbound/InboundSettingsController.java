package io.didpool.inbound;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.FieldRefused;
import io.didpool.did.DidRules;
import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The tenant's inbound settings: the default route, and what makes a call to a DID a callback. */
@RestController
@RequestMapping("/api/inbound/settings")
@Tag(name = "Inbound settings", description = "where the tenant's inbound calls go by default, and what makes one a"
        + " callback")
class InboundSettingsController {

    private final InboundSettingsService settings;

    InboundSettingsController(InboundSettingsService settings) {
        this.settings = settings;
    }

    @GetMapping
    @Operation(summary = "The tenant's inbound settings",
            description = "A tenant that never set any has {\"defaultRoute\":null,\"lookbackDays\":7,"
                    + "\"matchAcross\":\"DID\"}.")
    InboundSettings get(TenantId tenant) {
        return settings.settings(tenant);
    }

    @PutMapping
    @Operation(summary = "Replace the tenant's inbound settings", description = """
            Replaces the settings whole: a field left out (or null) takes its default. `defaultRoute`: where a call \
            to one of the tenant's DIDs goes when it is no callback and its segment has no `inboundRoute`: a number \
            such as +14155550100 (forwarded over the DID's trunk, with the DID as caller ID) or `PJSIP/<endpoint>`; \
            null (the default): none. `lookbackDays` (1 to 365, default 7): a call from a number didpool called in \
            the last so many days is a callback. `matchAcross`: `DID` (the default), only calls made from the DID \
            now called count; `TENANT`, calls from any of the tenant's DIDs. Every change is in the audit trail \
            (`entity=inbound`).""")
    InboundSettings put(TenantId tenant, @RequestBody InboundSettingsRequest request) {
        return settings.put(tenant, request.settings());
    }

    /**
     * The settings as sent. Taken as JSON rather than as typed fields so that every refusal (a number where a route
     * is due, "7" or 7.5 days, an unknown matchAcross) names the value it refuses.
     */
    @JsonClassDescription("the tenant's inbound settings")
    record InboundSettingsRequest(
            @Schema(implementation = String.class, type = "string", nullable = true, pattern = DidRules.ROUTE,
                    example = "PJSIP/reception", description = "where a call that is no callback goes when its"
                            + " segment has no route: a number or PJSIP/<endpoint>; null: none")
            JsonNode defaultRoute,
            @Schema(implementation = Integer.class, type = "integer", minimum = "1",
                    maximum = "" + InboundSettingsService.MAX_LOOKBACK_DAYS, defaultValue = "7",
                    description = "a call from a number didpool called within this many days is a callback")
            JsonNode lookbackDays,
            @Schema(implementation = MatchAcross.class, defaultValue = "DID",
                    description = "DID: only calls from the DID called count; TENANT: calls from any of the"
                            + " tenant's DIDs")
            JsonNode matchAcross) {

        InboundSettings settings() {
            return new InboundSettings(route(), days(), across());
        }

        private String route() {
            if (absent(defaultRoute)) {
                return InboundSettings.DEFAULTS.defaultRoute();
            }
            if (!defaultRoute.isString()) {
                throw new FieldRefused("defaultRoute", DidRules.ROUTE_MESSAGE + ", or null; got "
                        + shown(defaultRoute));
            }
            return defaultRoute.asString();
        }

        private int days() {
            if (absent(lookbackDays)) {
                return InboundSettings.DEFAULTS.lookbackDays();
            }
            if (!lookbackDays.isIntegralNumber() || !lookbackDays.canConvertToInt()) {
                throw new FieldRefused("lookbackDays", InboundSettingsService.LOOKBACK_MESSAGE + "; got "
                        + shown(lookbackDays));
            }
            return lookbackDays.asInt();
        }

        private MatchAcross across() {
            if (absent(matchAcross)) {
                return InboundSettings.DEFAULTS.matchAcross();
            }
            return Arrays.stream(MatchAcross.values())
                    .filter(value -> matchAcross.isString() && value.name().equals(matchAcross.asString()))
                    .findFirst()
                    .orElseThrow(() -> new FieldRefused("matchAcross", "must be DID or TENANT; got "
                            + shown(matchAcross)));
        }

        private static boolean absent(JsonNode value) {
            return value == null || value.isNull();
        }

        /** The refused value as the message quotes it: a string in quotes (made safe), anything else as JSON. */
        private static String shown(JsonNode value) {
            if (value.isString()) {
                return FieldRefused.quoted(value.asString());
            }
            String json = value.toString();
            return json.length() <= 40 ? json : json.substring(0, 40) + "…";
        }
    }
}
