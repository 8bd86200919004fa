package io.didpool.did;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.didpool.api.PlainText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request bodies of the DID API. */
final class DidRequests {

    private DidRequests() {
    }

    @JsonClassDescription("a new DID")
    record CreateDid(
            @NotNull @Pattern(regexp = DidRules.NUMBER, message = DidRules.NUMBER_MESSAGE)
            String number,
            @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Pattern(regexp = DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE) String trunk,
            @Pattern(regexp = DidRules.STATUS, message = DidRules.STATUS_MESSAGE)
            String status,
            @Size(max = 255) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE) String friendlyName) {
    }

    /**
     * A partial update: only the fields named in {@code present} change; {@code "segment":null} clears the
     * segment, {@code "restingUntil":null} ends a rest. (A record alone cannot tell a field left out from a field sent as null.)
     */
    record UpdateDid(
            @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String segment,
            @Pattern(regexp = DidRules.TRUNK, message = DidRules.TRUNK_MESSAGE) String trunk,
            @Pattern(regexp = DidRules.STATUS,
                    message = DidRules.STATUS_MESSAGE) String status,
            @Size(max = 255) @Pattern(regexp = PlainText.PATTERN, message = PlainText.MESSAGE) String friendlyName,
            String restingUntil,
            @JsonIgnore java.util.Set<String> present) {

        static final List<String> FIELDS = List.of("segment", "trunk", "status", "friendlyName", "restingUntil");

        boolean has(String field) {
            return present.contains(field);
        }
    }
}
