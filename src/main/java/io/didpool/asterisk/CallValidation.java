package io.didpool.asterisk;

import io.didpool.did.DidRules;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks every value of a call before it may reach an AMI action, and builds the {@link Originate}. The patterns
 * admit no CR, LF, space or channel/application separator ({@code , & | ; :}), so that nothing can add a header to
 * the action or a second destination to the dial string. Messages never repeat the rejected value.
 */
final class CallValidation {

    static final String CALL_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$";
    /** A sound file as Playback takes it: relative, no extension, no {@code ..}, no leading or doubled {@code /}. */
    static final String AUDIO_FILE = "^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$";
    static final String CONTEXT = "^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,78}$";

    private static final Pattern CALL_ID_PATTERN = Pattern.compile(CALL_ID);
    private static final Pattern AUDIO_FILE_PATTERN = Pattern.compile(AUDIO_FILE);
    private static final Pattern CONTEXT_PATTERN = Pattern.compile(CONTEXT);

    private CallValidation() {
    }

    static Originate originate(OutboundCall call, String context, Duration ringTimeout) {
        if (call == null) {
            throw new IllegalArgumentException("call: missing");
        }
        require(call.callId() != null && CALL_ID_PATTERN.matcher(call.callId()).matches(),
                "callId: must be 1-120 letters, digits, '.', '_' or '-'");
        require(DidRules.isNumber(call.destination()), "destination: must be an E.164 number such as +14155550100");
        require(DidRules.isNumber(call.didNumber()), "didNumber: must be an E.164 number such as +14155550100");
        require(DidRules.isTrunk(call.trunk()), "trunk: must be 1-64 letters, digits, '_' or '-'");
        String audioFile = blankToEmpty(call.audioFile());
        require(audioFile.isEmpty() || audioFile.length() <= 255 && AUDIO_FILE_PATTERN.matcher(audioFile).matches(),
                "audioFile: must be a relative path of letters, digits, '_', '-' and '/' (no extension, no '..')");
        String transfer = blankToEmpty(call.transferNumber());
        require(transfer.isEmpty() || DidRules.isNumber(transfer),
                "transferNumber: must be an E.164 number such as +14155550100");
        requireContext(context);

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("DIDPOOL_CALL_ID", call.callId());
        variables.put("DIDPOOL_DID", call.didNumber());
        variables.put("DIDPOOL_AUDIO_FILE", audioFile);
        variables.put("DIDPOOL_TRANSFER_NUMBER", transfer);
        return new Originate("PJSIP/" + call.destination() + "@" + call.trunk(), call.didNumber(), context, "s", 1,
                true, ringTimeout.toMillis(), call.callId(), variables);
    }

    static void requireContext(String context) {
        require(context != null && CONTEXT_PATTERN.matcher(context).matches(),
                "DIDPOOL_ASTERISK_CONTEXT: must be 1-79 letters, digits, '.', '_' or '-'");
    }

    private static String blankToEmpty(String value) {
        return value == null || value.isBlank() ? "" : value;
    }

    private static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }
}
