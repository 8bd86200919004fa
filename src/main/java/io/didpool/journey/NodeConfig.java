package io.didpool.journey;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.did.DidRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A MAKE_CALL node's settings. {@code didId} set: that DID; else {@code didSegment} set: the next DID of that
 * segment, then of each of {@code fallbackSegments} in order; else the next of all the tenant's selectable DIDs. {@code audioFile} and {@code transferNumber} reach
 * the AMI Originate as channel variables, hence their strict shapes.
 */
@JsonClassDescription("a MAKE_CALL node's config")
record NodeConfig(
        UUID didId,
        @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String didSegment,
        @Size(max = 255) @Pattern(regexp = AUDIO_FILE,
                message = "must be a relative path of letters, digits, '_', '-' and '/' (no '..', no leading '/')")
        String audioFile,
        @Pattern(regexp = DidRules.NUMBER, message = DidRules.NUMBER_MESSAGE)
        String transferNumber,
        @Size(max = 10)
        List<@NotNull @Pattern(regexp = DidRules.SEGMENT, message = DidRules.SEGMENT_MESSAGE) String>
                fallbackSegments) {

    NodeConfig {
        fallbackSegments = fallbackSegments == null || fallbackSegments.isEmpty() ? null : List.copyOf(fallbackSegments);
    }

    /** Path segments of letters, digits, '_' and '-', joined by single '/': no '..', no leading or trailing '/'. */
    static final String AUDIO_FILE = "^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$";

    static final NodeConfig EMPTY = new NodeConfig(null, null, null, null, null);
}
