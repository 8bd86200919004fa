package io.didpool.journey;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.didpool.api.PlainText;
import io.didpool.callinghours.CallingHoursJson;
import io.didpool.did.DidRules;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Request bodies of the journey API. */
final class JourneyRequests {

    static final String NODE_TYPE = "^(MAKE_CALL)$";

    private JourneyRequests() {
    }

    /**
     * Create or replace a journey. A node may carry the id of a node of the same journey to keep it (update). The
     * journey's own read-only fields are accepted and ignored, so that a journey read with GET can be sent back.
     * {@code callingHours}: the journey's own calling hours, replacing its tenant's; null or left out, it has its
     * tenant's. {@code callbackTo}: where a call back from a number it called goes (a route, {@link DidRules#ROUTE});
     * null or left out, none. Checked by the service, whose refusal quotes the value.
     */
    @JsonClassDescription("a journey")
    @JsonIgnoreProperties({"id", "createdAt", "updatedAt"})
    record JourneyRequest(
            @NotBlank @Size(max = 255) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE) String name,
            @Size(max = 100) List<@NotNull @Valid NodeRequest> nodes,
            CallingHoursJson callingHours,
            @Schema(nullable = true, pattern = DidRules.ROUTE, example = "PJSIP/reception",
                    description = "where a call back from a number the journey called goes: a number such as"
                            + " +14155550100 (forwarded over the DID's trunk) or PJSIP/<endpoint>; null: none")
            String callbackTo) {

        List<NodeRequest> nodesOrEmpty() {
            return nodes == null ? List.of() : nodes;
        }
    }

    @JsonClassDescription("a journey node")
    record NodeRequest(UUID id,
            @NotNull @Pattern(regexp = NODE_TYPE, message = "must be one of MAKE_CALL") String type,
            @Valid NodeConfig config) {

        NodeConfig configOrEmpty() {
            return config == null ? NodeConfig.EMPTY : config;
        }
    }

    @JsonClassDescription("an execution")
    record ExecutionRequest(@NotNull @Valid Contact contact) {
    }

    @JsonClassDescription("an execution's contact")
    record Contact(@NotNull @Pattern(regexp = DidRules.NUMBER, message = DidRules.NUMBER_MESSAGE)
            String phoneNumber) {
    }
}
