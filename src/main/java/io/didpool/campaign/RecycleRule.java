package io.didpool.campaign;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.api.FieldRefused;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A campaign's recycle rule: a contact whose call ended {@code outcome} is called again {@code afterMinutes} later,
 * as a new step of the same execution, until it has had {@code maxAttempts} calls for that node (the first
 * included). One rule per outcome.
 */
record RecycleRule(RecycleOutcome outcome, int afterMinutes, int maxAttempts) {

    static final int MIN_AFTER_MINUTES = 1;
    /** A week. */
    static final int MAX_AFTER_MINUTES = 10_080;
    static final int MIN_ATTEMPTS = 2;
    static final int MAX_ATTEMPTS = 10;

    /** The outcomes a rule may name: a call that rang out, or met a busy line. */
    enum RecycleOutcome {
        NO_ANSWER, BUSY
    }

    /**
     * The rules of a request, checked: each refusal names its field ({@code recycle[1].afterMinutes}) and quotes the
     * value. Null (left out): none.
     */
    static List<RecycleRule> of(List<Json> rules) {
        if (rules == null) {
            return List.of();
        }
        Map<RecycleOutcome, Integer> seen = new EnumMap<>(RecycleOutcome.class);
        List<RecycleRule> checked = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            String at = "recycle[" + i + "]";
            Json rule = rules.get(i);
            if (rule == null) {
                throw new FieldRefused(at, "must be a rule {\"outcome\",\"afterMinutes\",\"maxAttempts\"}; got null");
            }
            RecycleOutcome outcome = outcome(at + ".outcome", rule.outcome());
            Integer earlier = seen.putIfAbsent(outcome, i);
            if (earlier != null) {
                throw new FieldRefused(at + ".outcome", "one rule per outcome: " + outcome + " has one already (recycle["
                        + earlier + "]); got \"" + outcome + "\" again");
            }
            checked.add(new RecycleRule(outcome,
                    whole(at + ".afterMinutes", rule.afterMinutes(), MIN_AFTER_MINUTES, MAX_AFTER_MINUTES,
                            "minutes after the contact's last call"),
                    whole(at + ".maxAttempts", rule.maxAttempts(), MIN_ATTEMPTS, MAX_ATTEMPTS,
                            "calls to the contact in all, the first included")));
        }
        return List.copyOf(checked);
    }

    private static RecycleOutcome outcome(String field, JsonNode value) {
        if (value != null && value.isString()) {
            for (RecycleOutcome outcome : RecycleOutcome.values()) {
                if (outcome.name().equals(value.asString())) {
                    return outcome;
                }
            }
        }
        throw new FieldRefused(field, "must be NO_ANSWER or BUSY; got " + shown(value));
    }

    private static int whole(String field, JsonNode value, int min, int max, String meaning) {
        if (value != null && value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= min
                && value.asInt() <= max) {
            return value.asInt();
        }
        throw new FieldRefused(field, "must be a whole number from " + min + " to " + max + " (" + meaning + "); got "
                + shown(value));
    }

    /** The refused value as the message quotes it: a string in quotes (made safe), anything else as JSON. */
    private static String shown(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing (the field is required)";
        }
        return value.isString() ? FieldRefused.quoted(value.asString()) : value.toString();
    }

    /** A rule as a request gives it; taken as JSON so that every refusal quotes the value it refuses. */
    @JsonClassDescription("a recycle rule")
    record Json(
            @Schema(implementation = RecycleOutcome.class, description = "the outcome of the call that is retried")
            JsonNode outcome,
            @Schema(implementation = Integer.class, type = "integer", minimum = "" + MIN_AFTER_MINUTES,
                    maximum = "" + MAX_AFTER_MINUTES, example = "60",
                    description = "minutes after that call before the contact is called again")
            JsonNode afterMinutes,
            @Schema(implementation = Integer.class, type = "integer", minimum = "" + MIN_ATTEMPTS,
                    maximum = "" + MAX_ATTEMPTS, example = "3",
                    description = "the contact's calls for the node in all, the first included")
            JsonNode maxAttempts) {
    }
}
